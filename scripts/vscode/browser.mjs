// Debian's Chromium driven by playwright-core: the browser half of a real VS Code here.
// playwright-core brings no browser of its own, so nothing is downloaded.
import { chromium } from 'playwright-core';
import { CHROMIUM } from './install.mjs';

const FLAGS = [
  '--no-sandbox', // root in a container: Chromium's sandbox cannot start
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** The workbench URL of `folder` (an absolute path on the server's machine). */
export function workbenchUrl(server, folder, payload) {
  // Slashes stay readable: this URL is printed for people to open.
  const folderParam = `folder=${encodeURIComponent(folder).replaceAll('%2F', '/')}`;
  return `${server.url}?${folderParam}${payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
}

/** A `vscode-remote:` URI for a path on the server: how the browser workbench names server files. */
export function remoteUri(server, absolutePath) {
  return `vscode-remote://${server.authority}${absolutePath}`;
}
