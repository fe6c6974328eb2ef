// The browser side of the api's GraphQL IDE: the official GraphiQL, bundled by
// build.mjs into apps/api/dist/ide-assets and served by the api itself (no CDN).
// The page (apps/api/src/ide/ide.page.ts) says where the API and the workers are.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createElement, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';

const root = document.getElementById('graphiql');
const endpoint = new URL(root.dataset.endpoint, location.href);
const subscriptions = new URL(endpoint);
subscriptions.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';
const workers = JSON.parse(root.dataset.workers);

// Monaco's language services run in web workers, built next to this bundle.
globalThis.MonacoEnvironment = {
  getWorker(_id, label) {
    const url = new URL(workers[label] ?? workers.editor, location.href);
    return new Worker(url, { name: label });
  },
};

// Queries and mutations POST to the endpoint with the headers of the headers
// editor; subscriptions go over graphql-ws on the same path, and GraphiQL sends
// those headers as the connection parameters (the api reads x-api-key there).
const fetcher = createGraphiQLFetcher({
  url: endpoint.href,
  subscriptionUrl: subscriptions.href,
});

createRoot(root).render(
  createElement(
    StrictMode,
    null,
    createElement(GraphiQL, {
      fetcher,
      // The api's key header, ready to fill in (queries work without it unless
      // API_REQUIRE_READ_KEY; subscriptions and mutations need one).
      defaultHeaders: '{\n  "x-api-key": ""\n}',
      defaultEditorToolsVisibility: 'headers',
      // Keys stay in memory, not in the browser's storage.
      shouldPersistHeaders: false,
    }),
  ),
);
