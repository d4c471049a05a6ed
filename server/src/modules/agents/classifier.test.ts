import { describe, expect, it } from 'vitest';
import { classifyTask } from './classifier.js';
import type { TaskKind } from './routing-table.js';

const fence = '```';

// Realistic messages, fragments included: what users paste is rarely tidy.
const corpus: Record<TaskKind, string[]> = {
  debugging: [
    `TypeError: Cannot read properties of undefined (reading 'map')
    at UserList (/app/src/components/UserList.jsx:14:23)
    at renderWithHooks (/app/node_modules/react-dom/cjs/react-dom.development.js:16305:18)`,
    // half-pasted trace: the message is cut off and one frame is truncated
    `    at Object.<anonymous> (/srv/api/index.js:12:15)
    at Module._compile (node:internal/modules/cjs/loader:1256:14)
    at Module._exten`,
    `Traceback (most recent call last):
  File "/app/main.py", line 42, in handle
    result = payload["user"]["id"]
KeyError: 'user'`,
    `  File "/app/worker.py", line 88, in run
    return self.queue.pop()
IndexError: pop from empty list`,
    `Exception in thread "main" java.lang.NullPointerException
\tat com.shop.OrderService.total(OrderService.java:57)
\tat com.shop.Main.main(Main.java:12)`,
    'my C program segfaults when the input file is empty, any idea why?',
    `panic: runtime error: index out of range [3] with length 3

goroutine 1 [running]:
main.main()
\t/tmp/sandbox/prog.go:8 +0x1d`,
    "thread 'main' panicked at 'called `Option::unwrap()` on a `None` value', src/main.rs:4:37",
    "The login form doesn't work anymore since I upgraded to React 19, clicking submit does nothing.",
    'fix this bug please: the counter increments twice on every click',
    `Why does this return undefined?
${fence}js
function first(items) {
  items.forEach((item) => { return item; });
}
${fence}`,
    'npm ERR! code ERESOLVE\nnpm ERR! ERESOLVE unable to resolve dependency tree',
    'Error: listen EADDRINUSE: address already in use :::3000',
    'I keep getting a weird error when I run docker compose up, the db container exits with code 1',
    'at foo (file.js:10:5)',
    'Mein Python-Skript funktioniert nicht mehr, seit ich pandas aktualisiert habe.',
    'Ich bekomme einen Fehler beim Starten der App: ModuleNotFoundError: No module named "requests"',
    'Die App stürzt beim Login ab, kannst du den Fehler beheben?',
    `Unhandled Runtime Error
Error: Hydration failed because the initial UI does not match what was rendered on the server.`,
  ],
  'code-review': [
    `Can you review this code?
${fence}ts
export async function getUser(id: string) {
  const res = await fetch('/api/users/' + id);
  return res.json();
}
${fence}`,
    'Please do a code review of my pull request, mostly the caching changes.',
    `is this code ok?
def avg(xs):
    return sum(xs) / len(xs)`,
    `What's wrong with this query?
SELECT name, COUNT(*) FROM orders GROUP BY customer_id`,
    'Review my Python function for security issues:\n```python\nimport os\ndef run(cmd):\n    os.system(cmd)\n```',
    `Überprüfe bitte meinen Code:
${fence}java
public List<User> active() { return users.stream().filter(User::isActive).toList(); }
${fence}`,
    'Ist dieser Code gut so? `const x = a == b ? 1 : 0;`',
    `Any issues with this implementation? I want to merge it today.
func (s *Store) Get(key string) string {
    return s.data[key]
}`,
  ],
  documentation: [
    `Write a docstring for this:
def retry(fn, attempts=3, delay=0.5):
    for i in range(attempts):
        try:
            return fn()
        except Exception:
            time.sleep(delay)`,
    `Add JSDoc comments to these functions
${fence}js
export function slugify(title) { return title.toLowerCase().replace(/\\s+/g, '-'); }
${fence}`,
    'Write a README for my CLI tool that converts CSV to JSON',
    'document this class please',
    'Can you explain this API and how the pagination parameters work? GET /v2/orders?cursor=&limit=',
    'Dokumentiere diese Funktion auf Deutsch: `function parseDate(input) { ... }`',
    'We need docs for the REST endpoints in routes.ts, write the documentation in Markdown',
  ],
  research: [
    'What are the latest developments in WebGPU support across browsers?',
    'Compare Bun vs Deno vs Node for production APIs in 2026',
    'Summarize the news about the EU AI Act with sources',
    'Who won the 2026 Formula 1 championship?',
    'Research the current state of post-quantum TLS adoption and cite your sources',
    'Was sind die aktuellen Nachrichten zu Rust im Linux-Kernel? Bitte mit Quellen.',
    'Recherchiere die neuesten Studien zu Remote-Arbeit und Produktivität',
  ],
  creative: [
    'Write a poem about autumn in Vienna',
    'write a story about a programmer who finds a bug in the universe',
    'Give me 5 slogans for a coffee shop that opens at 5am',
    'Lyrics for a birthday song for my sister Anna, make it funny',
    'Tell me a bedtime story about a dragon who is afraid of the dark',
    'Schreibe ein Gedicht über Kubernetes',
    'Erzähl mir ein Märchen über einen kleinen Roboter',
    'a haiku about deploying on friday',
  ],
  code: [
    'Write a function in TypeScript that debounces another function',
    // a method without its class
    `public void save(User user) {
    repository.save(user);
    events.publish(new UserSaved(user.getId()));
}`,
    'SELECT u.id, u.email FROM users u JOIN orders o ON o.user_id = u.id WHERE o.total > 100',
    'select name, email from customers where created_at > now() - interval 7 day',
    'Implement a LRU cache with O(1) get and put',
    'refactor this to use async/await:\n```js\nfetch(url).then(r => r.json()).then(data => console.log(data));\n```',
    'regex for validating German postal codes',
    `#include <stdio.h>
int main(void) { printf("hi"); return 0; }`,
    'How do I read a file line by line in Rust?',
    `def total(self):
    return sum(item.price * item.quantity for item in self.items)`,
    'Schreibe eine Funktion in Python, die Primzahlen bis n berechnet',
    'const [state, setState] = useState(0);\nuseEffect(() => { setState(1); }, []);',
    'convert this to a list comprehension: `result = []` then append in a for loop',
  ],
  general: [
    'What is the capital of Australia?',
    'Thanks, that helped a lot!',
    'How should I prepare for a salary negotiation?',
    'What is the error in this sentence: "Me and him goes to school"?',
    'Is "less people" a grammar error or is it acceptable nowadays in informal writing?',
    'Wie viele Einwohner hat Hamburg?',
    'Finde die Fehler in diesem Satz: "Das ist das Haus, das ich gesehen habe hat."',
    '',
  ],
};

describe('classifyTask', () => {
  for (const [kind, messages] of Object.entries(corpus)) {
    for (const message of messages) {
      it(`classifies as ${kind}: ${JSON.stringify(message.slice(0, 60))}`, () => {
        expect(classifyTask(message).kind).toBe(kind);
      });
    }
  }

  describe('tricky messages', () => {
    it('does not call a grammar question about an error a debugging task', () => {
      const result = classifyTask(
        'Is "between you and I" a grammar error, or just informal? There is an error somewhere.',
      );
      expect(result.kind).toBe('general');
      expect(result.signals).toContain('about grammar or wording');
    });

    it('treats a story about a programmer as creative writing, not code', () => {
      expect(classifyTask('Write a story about a programmer who never writes tests').kind).toBe('creative');
    });

    it('treats a function that produces stories as code, not creative writing', () => {
      expect(classifyTask('write a function that generates a random story title').kind).toBe('code');
    });

    it('does not take a user story for fiction', () => {
      expect(classifyTask('Write a user story for the password reset feature').kind).not.toBe('creative');
    });

    it('does not take "select … from" in prose for SQL', () => {
      const result = classifyTask('Select the best option from the list below and explain your choice.');
      expect(result.kind).toBe('general');
      expect(result.signals).not.toContain('SQL query');
    });

    it('does not take document.getElementById for a documentation request', () => {
      expect(classifyTask('The document.getElementById call returns null after the page loads').kind).toBe('debugging');
    });

    it('reads intent from the prose, not from identifiers inside a code block', () => {
      const message = `${fence}js\nconst review = document.querySelector('#review');\nreview.story = poem;\n${fence}`;
      expect(classifyTask(message).kind).toBe('code');
    });

    it('answers a conceptual question about exceptions as code, not as a bug hunt', () => {
      expect(classifyTask("What's the difference between TypeError and ReferenceError in JavaScript?").kind).toBe(
        'code',
      );
    });

    it('lets research win over the word review when the user asks for the literature', () => {
      expect(classifyTask('Review the latest research on retrieval-augmented generation and cite sources').kind).toBe(
        'research',
      );
    });

    it('lets a stack trace win over a review request in the same message', () => {
      const message = `Please review this, it crashes:
TypeError: undefined is not a function
    at render (/app/view.js:3:9)`;
      expect(classifyTask(message).kind).toBe('debugging');
    });

    it('does not mistake Stack Overflow, the site, for an error', () => {
      expect(classifyTask('I searched Stack Overflow for a good hiking trail list').kind).toBe('general');
    });
  });

  describe('signals and confidence', () => {
    it('names the stack trace and the error message behind a debugging verdict', () => {
      const result = classifyTask(corpus.debugging[2]!);
      expect(result.kind).toBe('debugging');
      expect(result.signals.slice(0, 2)).toEqual(['stack trace', 'error message']);
    });

    it('names a review request and the code beside it', () => {
      const result = classifyTask(corpus['code-review'][0]!);
      expect(result.signals).toEqual(['asks for a review', 'code included']);
    });

    it('names a code block and programming keywords for pasted code', () => {
      const result = classifyTask(`${fence}python\nimport os\nprint(os.getcwd())\n${fence}`);
      expect(result).toMatchObject({ kind: 'code', signals: ['code block', 'programming keywords'] });
    });

    it('names the SQL query when a query comes alone', () => {
      expect(classifyTask('SELECT id, total FROM invoices WHERE paid = false').signals).toContain('SQL query');
    });

    it('lists each signal once', () => {
      const { signals } = classifyTask('Code review please, review my code: `x = 1`');
      expect(new Set(signals).size).toBe(signals.length);
    });

    it('returns general with no signals and middling confidence for an empty message', () => {
      expect(classifyTask('')).toEqual({ kind: 'general', confidence: 0.5, signals: [] });
      expect(classifyTask('   \n\t ')).toEqual({ kind: 'general', confidence: 0.5, signals: [] });
    });

    it('is more confident about a clear message than about a mixed one', () => {
      const clear = classifyTask(corpus.debugging[2]!);
      const mixed = classifyTask('review this and also write a poem about it: `let x = 1`');
      expect(clear.confidence).toBeGreaterThan(mixed.confidence);
      for (const result of [clear, mixed]) {
        expect(result.confidence).toBeGreaterThan(0);
        expect(result.confidence).toBeLessThanOrEqual(1);
      }
    });
  });

  describe('limits', () => {
    it('reads only the first 20 000 characters', () => {
      const trace = 'Traceback (most recent call last):\n  File "a.py", line 1, in <module>\nKeyError: 1';
      expect(classifyTask(trace).kind).toBe('debugging');
      expect(classifyTask(`${'lorem ipsum '.repeat(2000)}\n${trace}`).kind).toBe('general');
    });

    it('classifies adversarial input quickly', () => {
      const inputs = [
        ' '.repeat(20_000),
        '`'.repeat(20_000),
        '```a\n'.repeat(4000),
        'at '.repeat(7000),
        `at x${':1'.repeat(150)}\n`.repeat(60),
        'select a, '.repeat(2000),
        'SELECT '.repeat(3000),
        'write a '.repeat(3000),
        'TypeError'.repeat(2000),
        'a'.repeat(1_000_000),
      ];
      for (const input of inputs) {
        const started = performance.now();
        classifyTask(input);
        expect(performance.now() - started).toBeLessThan(250);
      }
    });
  });
});
