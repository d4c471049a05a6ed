// localStorage that never throws: storage can be unavailable (privacy modes, quota), and then a
// preference just is not remembered across reloads.

export function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeStorage(key: string, value: string) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // see above: the choice still applies to this page
  }
}
