import { html, render } from 'htm/preact';
import { connectLive, useApi, useLive } from './live.js';
import { href, interceptLinks, useRoute } from './router.js';
import { ConflictsPage } from './pages/conflictsPage.js';
import { PipelinePage } from './pages/pipelinePage.js';
import { StepPage } from './pages/stepPage.js';
import { StepsPage } from './pages/stepsPage.js';
import { WorkspacesPage } from './pages/workspacesPage.js';
import { FileLine } from './shared.js';

function Banner() {
  const live = useLive();
  if (live.problems.size === 0) return null;
  return html`<div class="banner" role="alert" data-testid="error-banner">
    ${[...live.problems.values()].map(
      (p) => html`<div>
        <strong>Broken edit${p.workspace_id ? ` in workspace ${p.workspace_id}` : ' in the core registry'}</strong> — still showing the last good version.
        ${p.error ? html` ${p.error.message} <${FileLine} source=${{ file: p.error.file, line: p.error.line }} />` : null}
      </div>`,
    )}
  </div>`;
}

function Nav({ path }: { path: string }) {
  const live = useLive();
  const version = useApi<{ registry: string; package: string }>('/api/v1/version');
  const link = (to: string, label: string, active: boolean) => html`<a href=${to} class=${active ? 'active' : ''} aria-current=${active ? 'page' : undefined}>${label}</a>`;
  return html`<header>
    <a class="brand" href="/">cursus registry</a>
    <nav aria-label="Main">
      ${link('/', 'Steps', path === '/' || path.startsWith('/steps'))}
      ${link('/workspaces', 'Workspaces', path.startsWith('/workspaces'))}
      ${link('/conflicts', 'Conflicts', path.startsWith('/conflicts'))}
      ${link('/pipeline', 'Pipeline', path.startsWith('/pipeline'))}
    </nav>
    <span class="status" title=${live.version ?? ''} data-testid="live-status">
      <span class=${live.connected ? 'dot dot-on' : 'dot'}></span>${live.connected ? 'live' : 'offline'}
      ${version.data ? html` · v${version.data.package} · ${(live.version ?? version.data.registry).slice(0, 8)}` : null}
    </span>
  </header>`;
}

function App() {
  const route = useRoute();
  const { path, query } = route;
  let page;
  const step = /^\/steps\/([^/]+)$/.exec(path);
  const ws = /^\/workspaces\/([^/]+)$/.exec(path);
  if (path === '/' || path === '/steps') page = html`<${StepsPage} query=${query} />`;
  else if (step) page = html`<${StepPage} name=${decodeURIComponent(step[1] ?? '')} query=${query} />`;
  else if (path === '/workspaces' || ws) page = html`<${WorkspacesPage} selected=${ws ? decodeURIComponent(ws[1] ?? '') : null} />`;
  else if (path === '/conflicts') page = html`<${ConflictsPage} />`;
  else if (path === '/pipeline') page = html`<${PipelinePage} />`;
  else page = html`<p>No page here. <a href=${href('/')}>Back to the steps</a>.</p>`;
  return html`<${Nav} path=${path} /><${Banner} /><main>${page}</main>`;
}

const root = document.getElementById('app') as HTMLElement;
root.textContent = '';
interceptLinks(root);
connectLive();
render(html`<${App} />`, root);
