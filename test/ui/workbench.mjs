// Drives the VS Code workbench the way a person does — keyboard shortcuts, the mouse on a squiggle —
// and reads only what is on screen. Every wait is a poll on the page with a deadline, never a sleep.
const TIMEOUT_MS = 30_000;
// VS Code opens a hover 300 ms after the mouse stops; one not open after this is not coming.
const HOVER_PATIENCE_MS = 5_000;

export class Workbench {
  constructor(page) {
    this.page = page;
  }

  async ready() {
    await this.page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
    // The workbench takes keys once the explorer has rendered the folder.
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: TIMEOUT_MS });
  }

  /** Quick Open (Ctrl+P): type the name, take the first match. */
  async openFile(relativePath) {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: TIMEOUT_MS });
    await input.fill(relativePath);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: relativePath.split('/').pop() }).first().waitFor({ timeout: TIMEOUT_MS });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tab.active', { hasText: relativePath.split('/').pop() }).waitFor({ timeout: TIMEOUT_MS });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').waitFor({ timeout: TIMEOUT_MS });
  }

  /** Go to Line/Column through Quick Open (`:line:column`), 1-based like the CLI's output. */
  async goTo(line, column) {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: TIMEOUT_MS });
    await input.fill(`:${line}:${column}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: `line ${line}` }).first().waitFor({ timeout: TIMEOUT_MS });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
  }

  /** The squiggle of `severity` under the text cursor; waits until the extension has drawn it. */
  async squiggleAtCursor(severity) {
    const editor = this.page.locator('.editor-instance .monaco-editor').first();
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const cursor = await editor.locator('.cursors-layer .cursor').first().boundingBox();
      for (const squiggle of await editor.locator(`.squiggly-${severity}`).all()) {
        const box = await squiggle.boundingBox();
        const onCursorLine = cursor && box && Math.abs(box.y + box.height / 2 - (cursor.y + cursor.height / 2)) < cursor.height;
        if (onCursorLine && cursor.x >= box.x - 1 && cursor.x <= box.x + box.width) return box;
      }
      if (Date.now() > deadline) throw new Error(`No ${severity} squiggle under the cursor after ${TIMEOUT_MS / 1000}s`);
      await this.page.waitForTimeout(100);
    }
  }

  /**
   * Rests the mouse on the middle of `box` and returns the hover that opens, holding `text`. When
   * none opens (seen on a loaded machine: the mouse came to rest and no hover ever showed), a
   * person moves the mouse away and back; so does this.
   */
  async hover(box, text) {
    const hover = this.page.locator('.monaco-hover:visible', { hasText: text });
    const deadline = Date.now() + TIMEOUT_MS;
    for (let attempt = 1; ; attempt++) {
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const patience = Math.max(1, Math.min(HOVER_PATIENCE_MS, deadline - Date.now()));
      const opened = await hover.waitFor({ timeout: patience }).then(() => true, (error) => {
        if (error.name !== 'TimeoutError') throw error;
        return false;
      });
      if (opened) return hover;
      if (Date.now() >= deadline) throw new Error(`No hover holding "${text}" opened in ${TIMEOUT_MS / 1000}s (${attempt} tries)`);
      console.log(`[ui] no hover holding "${text}" yet: moving the mouse away and back`);
      await this.page.mouse.move(1, 1);
    }
  }

  /**
   * Hovers `box` until the hover's text satisfies `complete`. An open hover keeps what it first
   * showed (TypeScript's "(loading...)" while its project loads): like a person, move away and back.
   */
  async hoverUntil(box, text, complete, what) {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const content = await (await this.hover(box, text)).innerText();
      if (complete(content)) return content;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; the hover shows:\n${content}`);
      await this.dismiss();
    }
  }

  async dismiss() {
    await this.page.mouse.move(1, 1);
    await this.page.keyboard.press('Escape');
    await this.page.locator('.monaco-hover:visible').waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
  }

  /**
   * Ctrl+. at the cursor, once the light bulb shows that the editor has actions there: the Quick
   * Fix menu, holding an entry titled exactly `title` (a caveat appended to it does not match). When the findings are republished just as the menu asks for actions,
   * VS Code answers "No code actions available"; a person presses Ctrl+. again, and so does this.
   */
  async quickFixMenu(title) {
    const entry = this.page.locator(`.action-widget .monaco-list-row[aria-label=${JSON.stringify(title)}]`);
    const none = this.page.locator('.monaco-editor-overlaymessage', { hasText: 'No code actions' });
    for (let attempt = 1; ; attempt++) {
      await this.page.locator('.editor-instance .lightBulbWidget').first().waitFor({ timeout: TIMEOUT_MS });
      await this.page.keyboard.press('Control+.');
      await entry.or(none).first().waitFor({ timeout: TIMEOUT_MS });
      if (await entry.isVisible()) return entry;
      if (attempt === 3) throw new Error(`Ctrl+. showed "No code actions available" ${attempt} times`);
      console.log('[ui] "No code actions available": pressing Ctrl+. again');
      await this.page.keyboard.press('Escape');
      await none.waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
    }
  }

  /** Clicks a menu entry. VS Code lays a pointer block over a fresh menu until the mouse moves. */
  async pick(entry) {
    const box = await entry.boundingBox();
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    await this.page.locator('.context-view-pointerBlock').waitFor({ state: 'detached', timeout: TIMEOUT_MS });
    await entry.click();
    await this.page.locator('.action-widget').waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
  }

  /** The editor's line whose text matches `pattern`; only lines on screen are in the page. */
  editorLine(pattern) {
    return this.page.locator('.editor-instance .monaco-editor .view-line', { hasText: pattern }).first();
  }

  /** The CodeLens entry drawn in the gap just above `line`, as `{ text, box }`, or undefined. */
  async codeLensAbove(line) {
    const lineBox = await line.boundingBox();
    if (!lineBox) return undefined;
    for (const entry of await this.page.locator('.editor-instance .codelens-decoration a').all()) {
      const box = await entry.boundingBox();
      if (box && box.y < lineBox.y && box.y + box.height >= lineBox.y - lineBox.height) return { text: await entry.innerText(), box };
    }
    return undefined;
  }

  /**
   * The texts drawn after the end of `line`'s own text, with their boxes. An extension's inline
   * decoration is the CSS `::after` content of an empty span, so its text lives only in the style;
   * one without room on screen (zero width, or not past the code) is not counted.
   */
  async textsAfterLine(line) {
    return line.evaluate((element) => {
      const unquote = (content) => content.slice(1, -1).replace(/\\(.)/g, '$1');
      const spans = [...element.querySelectorAll('span')];
      const drawn = spans.filter((span) => getComputedStyle(span, '::after').content.startsWith('"'));
      const codeEnd = Math.max(...spans.filter((span) => !drawn.includes(span) && !span.querySelector('span')).map((span) => span.getBoundingClientRect().right));
      return drawn.map((span) => {
        const { x, y, width, height } = span.getBoundingClientRect();
        return { text: unquote(getComputedStyle(span, '::after').content), box: { x, y, width, height } };
      }).filter(({ box }) => box.width > 0 && box.x >= codeEnd);
    });
  }

  /** A click where a person would aim: the middle of `box`. */
  async click(box) {
    await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }

  /** Ctrl+J: hides the panel (the Problems view) so the editor has the window again. */
  async hidePanel() {
    await this.page.keyboard.press('Control+J');
    await this.page.locator('.part.panel').waitFor({ state: 'hidden', timeout: TIMEOUT_MS });
  }

  /** F1, the command's title, Enter. */
  async runCommand(title) {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: TIMEOUT_MS });
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: TIMEOUT_MS });
    await this.page.keyboard.press('Enter');
  }

  async save() {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tab.active.dirty').waitFor({ state: 'detached', timeout: TIMEOUT_MS });
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and returns its rows' locator. */
  async problems() {
    await this.page.keyboard.press('Control+Shift+M');
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    await rows.first().waitFor({ timeout: TIMEOUT_MS });
    return rows;
  }

  /** Polls `read` until `accept` holds for its value; the error names `what` and the last value seen. */
  async until(what, read, accept) {
    const deadline = Date.now() + TIMEOUT_MS;
    let value;
    while (Date.now() < deadline) {
      value = await read();
      if (accept(value)) return value;
      await this.page.waitForTimeout(100);
    }
    throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`);
  }
}
