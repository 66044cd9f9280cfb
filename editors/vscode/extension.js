// The kam extension's code: starts `kam lsp` (the language server built into
// the kam command) for .kam files when the command in the `kam.path` setting
// runs, and stays quiet otherwise, so that highlighting (the TextMate grammar
// this extension also contributes) works with or without kam installed.
// The client library, vscode-languageclient, is a dependency in package.json:
// `npm install` in this folder fetches it; without it the extension says so
// once and highlights only.
"use strict";
const vscode = require("vscode");
const { execFile } = require("child_process");

let client = null;

// True when `COMMAND --version` runs: the kam binary is there.
function runs(command) {
  return new Promise((resolve) => execFile(command, ["--version"], { timeout: 5000 }, (err) => resolve(!err)));
}

function loadClientLibrary() {
  try {
    return require("vscode-languageclient/node");
  } catch (e) {
    return null;
  }
}

async function startServer() {
  const config = vscode.workspace.getConfiguration("kam");
  const command = config.get("path") || "kam";
  if (!(await runs(command))) {
    vscode.window.setStatusBarMessage(`kam: '${command}' not found (setting kam.path): highlighting only`, 15000);
    return;
  }
  const lc = loadClientLibrary();
  if (!lc) {
    vscode.window.showInformationMessage(
      "kam: run `npm install` in the extension's folder to get diagnostics, hover and completion from kam lsp.");
    return;
  }
  const args = ["lsp"];
  const db = config.get("db");
  if (db) args.push("--db", db);
  client = new lc.LanguageClient(
    "kam", "kam language server",
    { command, args, transport: lc.TransportKind.stdio },
    { documentSelector: [{ scheme: "file", language: "kam" }] });
  await client.start();
}

async function stopServer() {
  if (client) await client.stop();
  client = null;
}

async function activate(context) {
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(async (event) => {
    if (event.affectsConfiguration("kam")) {
      await stopServer();
      await startServer();
    }
  }));
  await startServer();
}

function deactivate() {
  return stopServer();
}

module.exports = { activate, deactivate };
