// Hyperlocal console: live overview of the federation and a streaming chat playground.
// Plain ES2020, no dependencies. Model output and server strings are only ever put in the page
// with textContent / text nodes, never innerHTML, so nothing they contain can run as markup.

const OVERVIEW_URL = '/console/api/overview';
const ROUTES_URL = '/console/api/routes';
const POLICY_URL = '/console/api/policy';
const POLICY_POLL_MS = 10000;
const CHAT_URL = '/v1/chat/completions';
const POLL_MS = 2000;
const POLL_TIMEOUT_MS = 5000;
const STORE_KEY = 'hyperlocal.console.apiKey';
const STORE_MODEL = 'hyperlocal.console.model';

const $ = (id) => document.getElementById(id);

/**
 * Small DOM builder: el('div', {className: 'x', 'aria-label': 'y', style: {width: '5%'}}, 'text', childNode, ...).
 * Strings become text nodes, nested arrays are flattened, null/undefined/false children are skipped.
 */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    // Styles go through the CSSOM, not a style attribute, so a strict CSP (no inline styles) still works.
    if (key === 'style') Object.assign(node.style, value);
    else if (key in node && typeof value !== 'string') node[key] = value;
    else if (key === 'className' || key === 'title' || key === 'hidden') node[key] = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// localStorage can throw (disabled storage, private modes): the console must still work without it.
const store = {
  get(key) {
    try { return localStorage.getItem(key) ?? ''; } catch { return ''; }
  },
  set(key, value) {
    try {
      if (value) localStorage.setItem(key, value);
      else localStorage.removeItem(key);
    } catch { /* not remembered, that is all */ }
  },
};

/** 'FR' -> 🇫🇷 : two regional indicator symbols. Anything that is not two letters gets a globe. */
function flagOf(country) {
  const code = String(country ?? '').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) return '🌐';
  return String.fromCodePoint(...[...code].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
}

const numberFormat = new Intl.NumberFormat(undefined);
const fmtInt = (n) => (Number.isFinite(n) ? numberFormat.format(n) : '—');
const fmt1 = (n) => (Number.isFinite(n) ? n.toFixed(1) : '—');
const timeOfDay = (date) => date.toLocaleTimeString(undefined, { hour12: false });

// ---------------------------------------------------------------------------------------------
// Live overview
// ---------------------------------------------------------------------------------------------

const overviewState = {
  data: null,         // last good overview
  lastOk: null,       // Date of the last good fetch
  failing: false,
  timer: 0,
  renderedKey: '',    // JSON of what is on screen, to skip re-rendering identical data
};

function scheduleOverview(delay = POLL_MS) {
  clearTimeout(overviewState.timer);
  overviewState.timer = setTimeout(pollOverview, delay);
}

/** Why a console GET failed, in words that finish the sentence "Cannot load …: ". */
function failureReason(error) {
  if (error.name === 'AbortError') return `no answer within ${POLL_TIMEOUT_MS / 1000} s`;
  if (error instanceof TypeError) return 'the server is unreachable';
  if (error instanceof SyntaxError) return 'the answer is not JSON';
  return error.message;
}

/** GETs a console JSON endpoint with a hard timeout, so a hung connection becomes a visible error. */
async function getJson(url) {
  const controller = new AbortController();
  const timeout = setTimeout(() => controller.abort(), POLL_TIMEOUT_MS);
  try {
    const response = await fetch(url, {
      cache: 'no-store',
      headers: { Accept: 'application/json' },
      signal: controller.signal,
    });
    if (!response.ok) throw new Error(`the server answered HTTP ${response.status}`);
    return await response.json();
  } finally {
    clearTimeout(timeout);
  }
}

// The next poll is scheduled only after the previous one settled, so a slow server never gets a
// pile of concurrent requests. The overview and the recent routes are fetched side by side and
// fail independently: each panel says on its own when its data is stale.
async function pollOverview() {
  if (document.hidden) return; // resumed by the visibilitychange listener
  try {
    await Promise.all([loadOverview(), loadRoutes()]);
  } finally {
    scheduleOverview();
  }
}

async function loadOverview() {
  try {
    const data = await getJson(OVERVIEW_URL);
    if (!data || !Array.isArray(data.sites)) throw new Error('the overview has an unexpected shape');
    onOverview(data);
  } catch (error) {
    onOverviewError(failureReason(error));
  }
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) {
    scheduleOverview(0);
    schedulePolicy(0);
  }
});

function onOverview(data) {
  overviewState.data = data;
  overviewState.lastOk = new Date();
  overviewState.failing = false;

  setConnection('ok', 'Live');
  $('overview-error').hidden = true;
  $('sites').classList.remove('stale');
  $('models').classList.remove('stale');
  $('updated').textContent = `Updated ${timeOfDay(overviewState.lastOk)} · every ${POLL_MS / 1000} s`;

  const gateway = $('gateway');
  gateway.hidden = !data.gatewaySite;
  gateway.textContent = `Gateway: ${data.gatewaySite ?? ''}`;
  $('sim-banner').hidden = data.simulated !== true;

  const key = JSON.stringify(data);
  if (key !== overviewState.renderedKey) {
    overviewState.renderedKey = key;
    renderSites(data);
    renderModels(data);
    fillModelSelect(data.models ?? []);
    if (routesState.data) renderRoutesIfChanged(routesState.data); // flags of the serving sites
  }
}

function onOverviewError(reason) {
  overviewState.failing = true;
  setConnection('bad', 'Server unreachable');
  const box = $('overview-error');
  box.replaceChildren(
    el('strong', {}, 'Cannot load the live overview: ', reason, '.'),
    overviewState.lastOk
      ? `Retrying every ${POLL_MS / 1000} s. What is shown below is from ${timeOfDay(overviewState.lastOk)} and may be out of date.`
      : `Retrying every ${POLL_MS / 1000} s. Check that the server is running (./hyperlocal up).`,
  );
  box.hidden = false;
  $('updated').textContent = 'Not live';
  if (overviewState.data) {
    $('sites').classList.add('stale');
    $('models').classList.add('stale');
  } else {
    $('sites').setAttribute('aria-busy', 'false');
    $('sites').replaceChildren(el('p', { className: 'muted placeholder' }, 'No data yet.'));
    $('models').replaceChildren(el('p', { className: 'muted placeholder' }, 'No data yet.'));
  }
}

function setConnection(kind, text) {
  const pill = $('conn');
  pill.className = `conn conn-${kind}`;
  $('conn-text').textContent = text;
}

function siteById(id) {
  return overviewState.data?.sites?.find((site) => site.id === id);
}

function renderSites(data) {
  const container = $('sites');
  container.setAttribute('aria-busy', 'false');
  if (!data.sites.length) {
    container.replaceChildren(el('p', { className: 'muted placeholder' }, 'No site is configured.'));
    return;
  }
  container.replaceChildren(...data.sites.map((site) => siteCard(site, site.id === data.gatewaySite)));
}

function siteCard(site, isGateway) {
  const tags = [...(site.jurisdictionTags ?? [])].sort();
  const engines = site.engines ?? [];
  const place = [site.city, site.country].filter(Boolean).join(', ');
  return el('article', { className: `site-card${isGateway ? ' is-gateway' : ''}`, 'aria-label': `Site ${site.name ?? site.id}` },
    el('div', { className: 'site-top' },
      el('span', { className: 'flag', role: 'img', 'aria-label': `Flag of ${site.country ?? 'unknown country'}`, title: site.country ?? '' },
        flagOf(site.country)),
      el('div', { className: 'site-title' },
        el('h3', {}, site.name || site.id),
        el('p', { className: 'site-sub' }, el('code', {}, site.id), place ? ` · ${place}` : '')),
      isGateway ? el('span', { className: 'chip chip-gateway', title: 'This server is the gateway of this site' }, 'Gateway') : null,
      // Engines of a draining or down site stay ready: only the site's state says it takes no new request.
      site.state && site.state !== 'active'
        ? el('span', { className: `chip chip-state-${site.state === 'down' ? 'down' : 'draining'}`,
            title: `The site is ${site.state}: it takes no new request (PUT /admin/sites/${site.id}/state)` },
          site.state === 'down' ? 'Down' : 'Draining')
        : null),
    tags.length
      ? el('div', { className: 'chips', 'aria-label': 'Jurisdictions' }, tags.map((tag) => el('span', { className: 'chip' }, tag)))
      : null,
    engines.length
      ? engines.map(engineBlock)
      : el('p', { className: 'muted small' }, 'No engine at this site.'),
  );
}

function engineBlock(engine) {
  const health = ['ready', 'degraded', 'down'].includes(engine.health) ? engine.health : 'unknown';
  const load = engine.load ?? {};
  const slots = Number(load.slots) || 0;
  const running = Number(load.running) || 0;
  const busy = slots > 0 ? Math.min(1, running / slots) : 0;
  const kv = Number(load.kvCacheUsage);
  return el('div', { className: 'engine' },
    el('div', { className: 'engine-top' },
      el('span', { className: 'engine-name' }, el('strong', {}, engine.id),
        engine.kind ? el('span', { className: 'engine-kind', title: 'Engine kind' }, engine.kind) : null),
      el('span', { className: `health health-${health}` }, health)),
    engine.healthReason
      ? el('p', { className: `reason reason-${health === 'down' ? 'down' : 'degraded'}` }, engine.healthReason)
      : null,
    el('div', { className: 'engine-models', 'aria-label': 'Models' },
      (engine.models ?? []).length
        ? engine.models.map((model) => el('span', { className: 'chip chip-plain', title: model.description ?? '' },
          model.id, model.simulated ? el('span', { className: 'badge-sim' }, 'sim') : null))
        : el('span', { className: 'muted small' }, 'no models')),
    el('div', { className: 'load' },
      stat('Running', `${fmtInt(running)}/${fmtInt(slots)}`,
        el('div', { className: `bar${busy >= 1 ? ' full' : ''}`, role: 'presentation' },
          el('span', { style: { width: `${Math.round(busy * 100)}%` } }))),
      stat('Waiting', fmtInt(Number(load.waiting) || 0)),
      stat('Tokens/s', fmt1(Number(load.tokensPerSecond) || 0)),
      Number.isFinite(kv) ? stat('KV cache', `${Math.round(kv * 100)}%`) : null),
  );
}

function stat(label, value, extra = null) {
  return el('div', { className: 'stat' },
    el('span', { className: 'stat-label' }, label),
    el('span', { className: 'stat-value' }, value),
    extra);
}

function renderModels(data) {
  const container = $('models');
  const models = [...(data.models ?? [])].sort((a, b) => a.id.localeCompare(b.id));
  if (!models.length) {
    container.replaceChildren(el('p', { className: 'muted placeholder' }, 'No model is served by any site.'));
    return;
  }
  container.replaceChildren(...models.map((model) => el('div', { className: 'model-row' },
    el('div', {},
      el('div', { className: 'model-id' }, model.id,
        model.simulated ? el('span', { className: 'badge-sim', title: 'Placeholder text, no model file' }, 'simulated') : null),
      model.description ? el('div', { className: 'model-desc' }, model.description) : null),
    el('div', { className: 'model-ctx' }, 'Context ', el('strong', {}, fmtInt(model.contextLength)), ' tokens'),
    el('div', { className: 'chips', 'aria-label': 'Served at' },
      [...(model.sites ?? [])].sort().map((id) => {
        const site = siteById(id);
        return el('span', { className: 'chip chip-plain', title: site ? `${site.name}, ${site.country}` : id },
          site ? `${flagOf(site.country)} ` : '', id);
      })),
  )));
}

/** Refills the model select only when the list changed, keeping the user's choice. */
function fillModelSelect(models) {
  const select = $('model');
  const ids = models.map((m) => m.id).sort();
  const signature = JSON.stringify(models.map((m) => [m.id, m.simulated]).sort());
  if (select.dataset.signature === signature) return;
  select.dataset.signature = signature;

  const wanted = select.value || store.get(STORE_MODEL);
  if (!ids.length) {
    select.replaceChildren(el('option', { value: '' }, 'No model available'));
    select.disabled = true;
    return;
  }
  const byId = new Map(models.map((m) => [m.id, m]));
  select.replaceChildren(...ids.map((id) => el('option', { value: id }, byId.get(id).simulated ? `${id} (sim)` : id)));
  select.value = ids.includes(wanted) ? wanted : ids[0];
  select.disabled = false;
}

// ---------------------------------------------------------------------------------------------
// Playground
// ---------------------------------------------------------------------------------------------

const chat = {
  history: [],        // completed turns [{role, content}], sent again with every request
  controller: null,   // AbortController of the request in flight
  epoch: 0,           // bumped by Clear, so an answer that ends after a Clear cannot add itself back
};
const emptyNote = $('chat-empty');

const keyInput = $('api-key');
keyInput.value = store.get(STORE_KEY);
keyInput.addEventListener('input', () => store.set(STORE_KEY, keyInput.value.trim()));

$('key-toggle').addEventListener('click', (event) => {
  const show = keyInput.type === 'password';
  keyInput.type = show ? 'text' : 'password';
  event.currentTarget.textContent = show ? 'Hide' : 'Show';
  event.currentTarget.setAttribute('aria-pressed', String(show));
});

$('model').addEventListener('change', (event) => store.set(STORE_MODEL, event.target.value));

$('message').addEventListener('keydown', (event) => {
  // Enter sends; Shift+Enter is a new line; an IME composition is never interrupted.
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $('pg-form').requestSubmit();
  }
});

$('pg-form').addEventListener('submit', (event) => {
  event.preventDefault();
  if (!chat.controller) send();
});

$('stop').addEventListener('click', () => chat.controller?.abort());

$('clear').addEventListener('click', () => {
  chat.epoch += 1;
  chat.controller?.abort();
  chat.history = [];
  emptyNote.hidden = false;
  $('chat').replaceChildren(emptyNote);
  showNotice('');
  $('message').focus();
});

function showNotice(text) {
  const box = $('pg-notice');
  box.textContent = text;
  box.hidden = !text;
}

function setBusy(busy) {
  $('send').disabled = busy;
  $('stop').disabled = !busy;
  $('send').textContent = busy ? 'Generating…' : 'Send';
}

/** Reads and checks the form; returns the request settings or null after pointing at the problem. */
function readForm() {
  const key = keyInput.value.trim();
  const model = $('model').value;
  const text = $('message').value;
  const temperature = Number($('temperature').value);
  const maxTokens = Number($('max-tokens').value);
  const problems = [
    [!key, 'Enter the API key first: the demo key is printed by ./hyperlocal up and kept in <data-dir>/demo-api-key.', keyInput],
    [!model, 'No model to choose yet: wait for the overview to load.', $('model')],
    [!text.trim(), 'Type a message to send.', $('message')],
    [$('temperature').value === '' || !(temperature >= 0 && temperature <= 2), 'Temperature must be a number from 0 to 2.', $('temperature')],
    [!(Number.isInteger(maxTokens) && maxTokens >= 1), 'Max tokens must be a whole number of at least 1.', $('max-tokens')],
  ];
  const problem = problems.find(([bad]) => bad);
  if (problem) {
    showNotice(problem[1]);
    problem[2].focus();
    return null;
  }
  showNotice('');
  return { key, model, text, temperature, maxTokens, system: $('system').value.trim() };
}

/** Appends a message block to the conversation and returns its parts. */
function addMessage(role, text = '') {
  emptyNote.hidden = true;
  const bubble = el('div', { className: 'bubble' });
  const body = document.createTextNode(text);
  bubble.append(body);
  const label = { user: 'You', assistant: 'Assistant', system: 'System' }[role];
  const box = el('div', { className: `msg msg-${role}` }, el('span', { className: 'msg-role' }, label), bubble);
  $('chat').append(box);
  scrollChat(true);
  return { box, bubble, body };
}

/** Keeps the newest text in view, unless the user scrolled up to read something older. */
function scrollChat(force = false) {
  const log = $('chat');
  const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 60;
  if (force || nearBottom) log.scrollTop = log.scrollHeight;
}

/** An error carrying the OpenAI error object ({message, type, param, code}) and the HTTP status. */
class ApiError extends Error {
  constructor(status, error, midStream = false) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code ?? '';
    this.type = error?.type ?? '';
    this.param = error?.param ?? '';
    this.midStream = midStream;
  }
}

async function send() {
  const form = readForm();
  if (!form) return;

  const messages = [];
  if (form.system) messages.push({ role: 'system', content: form.system });
  messages.push(...chat.history, { role: 'user', content: form.text });

  const userMsg = addMessage('user', form.text);
  $('message').value = '';
  const reply = addMessage('assistant');
  reply.bubble.classList.add('waiting');

  const controller = new AbortController();
  const epoch = chat.epoch;
  chat.controller = controller;
  const keep = (assistantText) => {
    if (chat.epoch === epoch) chat.history.push({ role: 'user', content: form.text }, { role: 'assistant', content: assistantText });
  };
  setBusy(true);

  // Everything measured about this answer, shown under the bubble at the end.
  const run = {
    started: performance.now(), firstToken: 0, ended: 0, text: '', chunks: 0,
    usage: null, finishReason: '', done: false, headers: null, model: form.model,
  };

  try {
    const response = await fetch(CHAT_URL, {
      method: 'POST',
      headers: { Authorization: `Bearer ${form.key}`, 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({
        model: form.model,
        messages,
        stream: true,
        stream_options: { include_usage: true },
        temperature: form.temperature,
        max_tokens: form.maxTokens,
      }),
      signal: controller.signal,
    });
    run.headers = response.headers;

    if (!response.ok) throw new ApiError(response.status, await errorBody(response));

    const type = response.headers.get('content-type') ?? '';
    if (type.includes('application/json')) {
      // A server that ignored stream:true answers with one JSON completion; show it all the same.
      const body = await response.json();
      appendText(run, reply, body.choices?.[0]?.message?.content ?? '');
      run.usage = body.usage ?? null;
      run.finishReason = body.choices?.[0]?.finish_reason ?? '';
      run.done = true;
    } else {
      await readStream(response, run, reply);
    }
    run.ended = performance.now();
    finishReply(reply, run, null);
    keep(run.text);
  } catch (error) {
    run.ended = performance.now();
    if (error.name === 'AbortError') {
      finishReply(reply, run, null, true);
      // A stopped answer that already has text stays in the conversation, as chat UIs usually do.
      if (run.text) keep(run.text);
      else if (chat.epoch === epoch) dropTurn(userMsg, reply, form.text, 'Stopped before any text arrived');
    } else {
      finishReply(reply, run, error);
      if (chat.epoch === epoch) dropTurn(userMsg, reply, form.text);
    }
  } finally {
    if (chat.controller === controller) chat.controller = null;
    setBusy(false);
  }
}

/** A failed turn is not kept in the history; its text goes back into the message box to retry. */
function dropTurn(userMsg, reply, text, why = '') {
  userMsg.box.classList.add('failed');
  if (why) reply.box.append(el('span', { className: 'msg-note' }, `${why}.`));
  reply.box.append(el('span', { className: 'msg-note' }, 'This message was not added to the conversation; it is back in the message box.'));
  if (!$('message').value) $('message').value = text;
  scrollChat(true);
}

/** The OpenAI error object of a non-2xx answer, or a stand-in built from its text. */
async function errorBody(response) {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text);
    if (parsed?.error) return parsed.error;
  } catch { /* not JSON */ }
  return { message: text.trim().slice(0, 500) || `${response.status} ${response.statusText}`.trim(), code: '' };
}

/**
 * Reads the server-sent events. Events are separated by a blank line; the data: lines of one event
 * are joined with newlines (the SSE rule). Comments (":") and other fields are ignored.
 */
async function readStream(response, run, reply) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let data = [];

  const dispatch = () => {
    if (!data.length) return;
    const payload = data.join('\n');
    data = [];
    if (payload.trim() === '[DONE]') {
      run.done = true;
      return;
    }
    let chunk;
    try {
      chunk = JSON.parse(payload);
    } catch {
      return; // a malformed event is skipped rather than ending the whole answer
    }
    if (chunk.error) throw new ApiError(200, chunk.error, true);
    if (chunk.usage) run.usage = chunk.usage;
    const choice = chunk.choices?.[0];
    if (choice?.delta?.content) appendText(run, reply, choice.delta.content);
    if (choice?.finish_reason) run.finishReason = choice.finish_reason;
  };

  const line = (raw) => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text === '') dispatch();
    else if (text.startsWith('data:')) data.push(text.slice(text.startsWith('data: ') ? 6 : 5));
  };

  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        line(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
      }
    }
    buffer += decoder.decode();
    if (buffer) line(buffer);
    dispatch(); // a last event without its closing blank line
  } catch (error) {
    // Closing our side tells the server to stop generating (an abort already did that).
    if (error.name !== 'AbortError') reader.cancel().catch(() => {});
    throw error;
  }
}

function appendText(run, reply, text) {
  if (!text) return;
  if (!run.firstToken) {
    run.firstToken = performance.now();
    reply.bubble.classList.remove('waiting');
    reply.bubble.classList.add('streaming');
  }
  run.chunks += 1;
  run.text += text;
  reply.body.appendData(text); // a text node: model output is never parsed as HTML
  scrollChat();
}

/** Ends the assistant bubble: error block if any, then where it ran and how fast. */
function finishReply(reply, run, error, stopped = false) {
  reply.bubble.classList.remove('waiting', 'streaming');
  if (!run.text) reply.bubble.hidden = true;

  if (error) reply.box.append(errorBlock(error, run));
  if (stopped && run.text) reply.box.append(el('span', { className: 'msg-note' }, 'Stopped: the server was told to cancel the generation.'));
  if (!error && !stopped) {
    if (!run.text) {
      reply.box.append(el('span', { className: 'msg-note' }, 'The model returned no text.'));
    } else if (run.finishReason === 'length') {
      reply.box.append(el('span', { className: 'msg-note' }, 'Cut at the max tokens limit.'));
    } else if (!run.done && !run.finishReason) {
      reply.box.append(el('span', { className: 'msg-note' }, 'The stream ended without [DONE]: the answer may be incomplete.'));
    }
  }
  const meta = metaLine(run, error);
  if (meta) reply.box.append(meta);
  scrollChat(true);
}

function errorBlock(error, run) {
  const box = el('div', { className: 'msg-error', role: 'alert' });
  if (error instanceof ApiError) {
    const where = error.midStream ? 'Error during the answer' : `Error ${error.status}`;
    box.append(el('strong', {}, where, error.code ? ' · ' : '', error.code ? el('code', {}, error.code) : ''));
    box.append(error.message);
    const hint = hintFor(error, run);
    if (hint) box.append(el('div', {}, hint));
    if (error.status === 401) {
      keyInput.focus();
      keyInput.select();
    }
  } else {
    box.append(el('strong', {}, 'Request failed'),
      error instanceof TypeError
        ? 'The server could not be reached, or the connection broke during the answer.'
        : String(error.message || error));
  }
  return box;
}

function hintFor(error, run) {
  switch (error.status) {
    case 401: return '→ Enter a valid API key in the field above, then send again.';
    case 403: return '→ This key may not use this model, or no site allowed for it serves the model.';
    case 404: return '→ The model list may have changed; pick another model.';
    case 429:
    case 503: {
      const retry = run.headers?.get('retry-after');
      return `→ The platform is busy${retry ? `: retry in ${retry} s` : ': retry in a moment'}.`;
    }
    default: return '';
  }
}

/** Site, request id, route, time to first token, tokens/s and usage of one answer. */
function metaLine(run, error) {
  const headers = run.headers;
  const items = [];
  const item = (label, value, title = '') => items.push(el('span', { title }, `${label} `, el('b', {}, value)));

  const siteId = headers?.get('x-hyperlocal-site');
  if (siteId) {
    const site = siteById(siteId);
    item('Site', site ? `${flagOf(site.country)} ${site.id} (${site.name})` : siteId, 'x-hyperlocal-site');
  }
  if (!error) {
    if (run.firstToken) item('First token', `${Math.round(run.firstToken - run.started)} ms`, 'Time from sending to the first streamed text');
    const completion = run.usage?.completion_tokens;
    const span = (run.ended - (run.firstToken || run.started)) / 1000;
    if (Number.isFinite(completion) && completion > 0 && span > 0) {
      item('Speed', `${fmt1(completion / span)} tok/s`, 'Completion tokens divided by the time from the first token to the end');
    } else if (run.chunks > 0 && span > 0) {
      item('Speed', `≈${fmt1(run.chunks / span)} chunks/s`, 'No usage was reported: streamed chunks per second');
    }
    if (run.usage) {
      item('Tokens', `${fmtInt(run.usage.prompt_tokens)} in · ${fmtInt(run.usage.completion_tokens)} out · ${fmtInt(run.usage.total_tokens)} total`, 'usage from the final chunk');
    }
  }
  const requestId = headers?.get('x-request-id');
  if (requestId) item('Request', requestId, 'x-request-id');
  const route = headers?.get('x-hyperlocal-route');
  if (route) {
    // Candidates ranked by the router, best first; the one at the serving site is marked.
    items.push(el('div', { className: 'route', title: 'x-hyperlocal-route: candidates ranked by the router, best first' },
      el('span', { className: 'route-label' }, 'Route'),
      routeExplained(route, { servedSite: siteId ?? '' })));
  }
  return items.length ? el('div', { className: 'msg-meta' }, items) : null;
}

// ---------------------------------------------------------------------------------------------
// Routes explained: the x-hyperlocal-route summary, parsed into ranked candidates
// ---------------------------------------------------------------------------------------------

// Scorer abbreviations of the summary, with what each one measures (all in [0, 1], higher is better).
const SCORERS = {
  prox: ['proximity', 'closeness to the requester'],
  load: ['load', 'spare capacity of the engine'],
  prefix: ['prefix', 'share of the prompt probably cached on the engine'],
  sess: ['session', '1 when the engine served this session last'],
};

/**
 * Parses a route summary: "label=0.93(prox 1,load .90,prefix .50,sess 0[,guard]);…[;+N more][;filtered N]".
 * Parts it does not recognise (a summary cut at its length limit) are kept as raw text.
 */
function parseRoute(summary) {
  const parsed = { candidates: [], more: 0, filtered: 0, other: [] };
  for (const part of String(summary ?? '').split(';')) {
    const text = part.trim();
    if (!text) continue;
    let match;
    if ((match = /^\+(\d+) more$/.exec(text))) {
      parsed.more += Number(match[1]);
    } else if ((match = /^filtered (\d+)$/.exec(text))) {
      parsed.filtered = Number(match[1]);
    } else if ((match = /^(.+)=(\d+(?:\.\d+)?)(?:\(([^()]*)\))?$/.exec(text))) {
      const scores = [];
      let guard = false;
      for (const item of (match[3] ?? '').split(',')) {
        const [name, ...value] = item.trim().split(/\s+/);
        if (!name) continue;
        if (name === 'guard') guard = true;
        else scores.push([name, value.join(' ')]);
      }
      parsed.candidates.push({ label: match[1], score: match[2], scores, guard });
    } else {
      parsed.other.push(text);
    }
  }
  return parsed;
}

const ordinal = (n) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : { 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th';
  return `${n}${suffix}`;
};

/**
 * The ranked candidates of a route as chips (score visible, per-scorer values in the tooltip), then
 * "+N more" and the filtered count. options.servedBy: engine labels that served the request, in order
 * (all but the last failed over); options.outcomeKind: ok | bad | gone | busy, for the last one;
 * options.servedSite: without servedBy, the site that answered (the playground only knows that).
 */
function routeExplained(summary, options = {}) {
  const parsed = parseRoute(summary);
  const servedBy = options.servedBy ?? [];
  const lastServed = servedBy[servedBy.length - 1];
  let servedMarked = false;
  const chips = parsed.candidates.map((candidate, index) => {
    let state = '';
    let note = '';
    if (servedBy.length) {
      if (candidate.label === lastServed) {
        const kind = options.outcomeKind;
        state = kind === 'ok' ? 'served' : kind === 'bad' ? 'failed' : 'tried';
        note = {
          ok: 'Served this request.',
          bad: 'Tried last: the request failed there.',
          gone: 'Was serving when the client went away.',
        }[kind] ?? 'Serving this request now.';
      } else if (servedBy.includes(candidate.label)) {
        state = 'failed';
        note = 'Tried, then failed over to the next candidate.';
      }
    } else if (!servedMarked && options.servedSite && candidate.label.startsWith(`${options.servedSite}/`)) {
      servedMarked = true;
      state = 'served';
      note = 'At the site that answered (x-hyperlocal-site).';
    }
    const tooltip = [
      `${candidate.label}: score ${candidate.score}, ranked ${ordinal(index + 1)}`,
      ...candidate.scores.map(([name, value]) => {
        const [word, meaning] = SCORERS[name] ?? [name, ''];
        return `${word} ${value}${meaning ? `  (${meaning})` : ''}`;
      }),
      candidate.guard ? 'guard: prefix and session set to 0, this engine was much busier than the best other one' : '',
      note,
    ].filter(Boolean).join('\n');
    return el('span', { className: `rchip${state ? ` rchip-${state}` : ''}`, title: tooltip },
      // The spaces are not rendered (flex items) but keep copied text and screen readers readable.
      el('span', { className: 'rchip-rank', 'aria-hidden': 'true' }, String(index + 1)), ' ',
      el('span', { className: 'rchip-label' }, candidate.label), ' ',
      el('b', { className: 'rchip-score' }, candidate.score),
      candidate.guard ? [' ', el('span', { className: 'rchip-guard' }, 'guard')] : null);
  });
  const more = parsed.more
    ? el('span', { className: 'rchip rchip-more', title: `${parsed.more} more ranked candidates did not fit in the summary` }, `+${parsed.more} more`)
    : null;
  const other = parsed.other.map((text) => el('span', { className: 'rchip rchip-more', title: 'Not understood: shown as sent' }, text));
  const filtered = parsed.filtered || Number(options.filtered) || 0;
  const filteredNote = filtered
    ? el('span', {
      className: 'route-filtered',
      title: 'Refused before scoring by the hard filters: the residency policy, the model not served, the engine not healthy.'
        + (options.requestId ? `\nEach reason: GET /admin/routes/${options.requestId} (admin key).` : ''),
    }, `${filtered} candidate${filtered === 1 ? '' : 's'} filtered: residency, model, health`)
    : null;
  if (!chips.length && !more && !other.length && !filteredNote) return el('span', { className: 'muted small' }, 'no route');
  const parts = [...chips, ...other, more, filteredNote].filter(Boolean);
  return el('span', { className: 'rchips' }, parts.flatMap((part, i) => (i ? [' ', part] : [part])));
}

// ---------------------------------------------------------------------------------------------
// Recent routes, fetched with every overview poll
// ---------------------------------------------------------------------------------------------

const routesState = {
  data: null,         // last good list
  lastOk: null,
  renderedKey: '',
};

async function loadRoutes() {
  try {
    const data = await getJson(ROUTES_URL);
    if (!Array.isArray(data)) throw new Error('the routes have an unexpected shape');
    onRoutes(data);
  } catch (error) {
    onRoutesError(failureReason(error));
  }
}

function onRoutes(list) {
  routesState.data = list;
  routesState.lastOk = new Date();
  $('routes-error').hidden = true;
  $('routes').classList.remove('stale');
  $('routes-updated').textContent = `Newest first · updated ${timeOfDay(routesState.lastOk)}`;
  renderRoutesIfChanged(list);
}

function onRoutesError(reason) {
  const box = $('routes-error');
  box.replaceChildren(
    el('strong', {}, 'Cannot load the recent routes: ', reason, '.'),
    routesState.lastOk
      ? `Retrying every ${POLL_MS / 1000} s. What is shown below is from ${timeOfDay(routesState.lastOk)} and may be out of date.`
      : `Retrying every ${POLL_MS / 1000} s.`,
  );
  box.hidden = false;
  $('routes-updated').textContent = 'Not live';
  if (routesState.data) {
    $('routes').classList.add('stale');
  } else {
    $('routes').setAttribute('aria-busy', 'false');
    $('routes').replaceChildren(el('p', { className: 'muted placeholder' }, 'No data yet.'));
  }
}

/** Re-renders only when something changed, so tooltips and selections survive the 2 s poll. */
function renderRoutesIfChanged(list) {
  const key = JSON.stringify([list, overviewState.data?.sites?.map((site) => [site.id, site.country])]);
  if (key === routesState.renderedKey) return;
  routesState.renderedKey = key;
  const container = $('routes');
  container.setAttribute('aria-busy', 'false');
  if (!list.length) {
    container.replaceChildren(el('p', { className: 'muted placeholder routes-empty' }, 'No requests yet — try the playground.'));
    return;
  }
  container.replaceChildren(
    el('div', { className: 'route-row route-header', 'aria-hidden': 'true' },
      el('span', { className: 'rc-time' }, 'Time'),
      el('span', { className: 'rc-req' }, 'Request'),
      el('span', { className: 'rc-model' }, 'Model'),
      el('span', { className: 'rc-from' }, 'From'),
      el('span', { className: 'rc-served' }, 'Served by'),
      el('span', { className: 'rc-outcome' }, 'Outcome')),
    el('ol', { className: 'route-list', 'aria-label': 'Routing decisions, newest first' }, list.map(routeRow)),
  );
}

/** "200 stop" -> {kind: 'ok', text: '200 stop'}; 499 -> client left; 4xx/5xx -> bad; else neutral. */
function outcomeOf(outcome) {
  const text = String(outcome ?? '').trim();
  const match = /^(\d{3})\s*(.*)$/.exec(text);
  if (!match) return { kind: 'busy', text: text || 'unknown', detail: '' };
  const code = Number(match[1]);
  const rest = match[2];
  if (code === 499) return { kind: 'gone', text: '499 client left', detail: '' };
  if (code >= 200 && code < 300) return { kind: 'ok', text: `${code} ${rest}`.trim(), detail: '' };
  if (code >= 400) {
    // "failed: <message>": the badge says failed, the message goes under the route.
    const colon = rest.indexOf(':');
    return colon > 0
      ? { kind: 'bad', text: `${code} ${rest.slice(0, colon)}`, detail: rest.slice(colon + 1).trim() }
      : { kind: 'bad', text: `${code} ${rest}`.trim(), detail: '' };
  }
  return { kind: 'busy', text, detail: '' };
}

function engineLabel(label) {
  const slash = label.indexOf('/');
  const site = siteById(slash > 0 ? label.slice(0, slash) : label);
  return el('span', { className: 'served-one', title: site ? `${site.name}, ${site.country}: ${label}` : label },
    site ? el('span', { className: 'served-flag', 'aria-hidden': 'true' }, flagOf(site.country)) : null,
    slash > 0
      ? [el('b', {}, label.slice(0, slash)), el('span', { className: 'served-engine' }, label.slice(slash))]
      : el('b', {}, label));
}

function routeRow(entry) {
  const decided = new Date(entry.decidedAt);
  const valid = !Number.isNaN(decided.getTime());
  const id = String(entry.requestId ?? '');
  const servedBy = Array.isArray(entry.servedBy) ? entry.servedBy.map(String) : [];
  const outcome = outcomeOf(entry.outcome);
  const country = String(entry.requesterCountry ?? '');

  const served = servedBy.length
    ? el('span', { className: 'served' },
      servedBy.flatMap((label, i) => [i ? el('span', { className: 'served-arrow', 'aria-label': 'then' }, '→') : null, engineLabel(label)]),
      servedBy.length > 1
        ? el('span', { className: 'badge-failover', title: `Failed over ${servedBy.length - 1} time${servedBy.length > 2 ? 's' : ''}: the earlier engine stopped before the answer started` }, 'failover')
        : null)
    : el('span', { className: 'muted' }, outcome.kind === 'busy' ? 'not yet' : 'none');

  return el('li', { className: `route-row outcome-row-${outcome.kind}` },
    el('span', { className: 'rc-time', title: valid ? `${decided.toLocaleString()} (${entry.decidedAt})` : String(entry.decidedAt ?? '') },
      valid ? timeOfDay(decided) : '—'),
    el('code', { className: 'rc-req', title: id }, id.length > 14 ? `${id.slice(0, 12)}…` : id),
    el('span', { className: 'rc-model', title: 'Model' }, String(entry.model ?? '')),
    el('span', {
      className: 'rc-from',
      title: `Requester country: ${country || 'unknown'}${entry.policyVersion != null ? `, residency policy v${entry.policyVersion}` : ''}`,
    }, el('span', { 'aria-hidden': 'true' }, flagOf(country)), ' ', country || '—'),
    el('span', { className: 'rc-served' }, el('span', { className: 'rc-label' }, 'Served by '), served),
    el('span', { className: 'rc-outcome' },
      el('span', { className: `outcome outcome-${outcome.kind}`, title: String(entry.outcome ?? '') }, outcome.text)),
    el('div', { className: 'rc-route' },
      el('span', { className: 'rc-label' }, 'Ranked'),
      routeExplained(entry.route, { servedBy, outcomeKind: outcome.kind, filtered: entry.filtered, requestId: id }),
      outcome.detail ? el('span', { className: 'route-fail', title: String(entry.outcome ?? '') }, outcome.detail) : null),
  );
}

// ---------------------------------------------------------------------------------------------
// Residency policy, fetched every 10 s
// ---------------------------------------------------------------------------------------------

const policyState = { lastOk: null, renderedKey: '', timer: 0, loaded: false };

function schedulePolicy(delay = POLICY_POLL_MS) {
  clearTimeout(policyState.timer);
  policyState.timer = setTimeout(pollPolicy, delay);
}

async function pollPolicy() {
  if (document.hidden) return; // resumed by the visibilitychange listener
  try {
    const data = await getJson(POLICY_URL);
    if (!data || typeof data.policy !== 'object' || !data.policy) throw new Error('the policy has an unexpected shape');
    onPolicy(data);
  } catch (error) {
    onPolicyError(failureReason(error));
  } finally {
    schedulePolicy();
  }
}

function onPolicy(data) {
  policyState.lastOk = new Date();
  policyState.loaded = true;
  $('policy-error').hidden = true;
  $('policy-rules').classList.remove('stale');
  const key = JSON.stringify(data);
  if (key === policyState.renderedKey) return;
  policyState.renderedKey = key;

  const version = $('policy-version');
  version.hidden = data.version == null;
  version.textContent = `Policy v${data.version}`;
  version.title = 'Version of the residency policy in force; each route records the version it obeyed';

  const rules = data.policy.rules && typeof data.policy.rules === 'object' ? data.policy.rules : {};
  const lines = Object.keys(rules).sort().map((country) => policyLine(
    [el('span', { 'aria-hidden': 'true' }, flagOf(country)), ' ', el('b', {}, country), el('span', { className: 'policy-req' }, ' requesters')],
    rules[country]));
  lines.push(data.policy.defaultRule
    ? policyLine([el('b', {}, 'Others')], data.policy.defaultRule)
    : el('li', { className: 'policy-line' }, el('span', { className: 'policy-who' }, el('b', {}, 'Others')),
      el('span', { className: 'policy-where muted' }, 'no default rule')));
  $('policy-rules').replaceChildren(...lines);
}

const sortedStrings = (value) => (Array.isArray(value) ? value.map(String).sort() : []);

/** "🇩🇪 DE requesters → sites tagged DE or EU", then the exclusions, if any. */
function policyLine(who, rule) {
  const allowed = sortedStrings(rule?.allowedTags);
  const sites = sortedStrings(rule?.excludedSiteIds);
  const tags = sortedStrings(rule?.excludedTags);
  const orList = (items, className) => items.flatMap((item, i) => [i ? (i === items.length - 1 ? ' or ' : ', ') : '', el('span', { className }, item)]);
  const andList = (items, className) => items.flatMap((item, i) => [i ? ', ' : '', el('span', { className }, item)]);
  return el('li', { className: 'policy-line' },
    el('span', { className: 'policy-who' }, who),
    el('span', { className: 'policy-where' },
      el('span', { className: 'policy-arrow', 'aria-hidden': 'true' }, '→ '),
      allowed.length ? ['sites tagged ', orList(allowed, 'chip')] : el('span', { className: 'muted' }, 'no site'),
      sites.length || tags.length
        ? el('span', { className: 'policy-except' },
          'except ',
          sites.length ? [`site${sites.length > 1 ? 's' : ''} `, andList(sites, 'chip chip-plain')] : null,
          sites.length && tags.length ? ' and ' : null,
          tags.length ? ['sites tagged ', orList(tags, 'chip chip-bad')] : null)
        : null),
  );
}

function onPolicyError(reason) {
  const box = $('policy-error');
  box.textContent = `Cannot load the residency policy: ${reason}. Retrying every ${POLICY_POLL_MS / 1000} s`
    + (policyState.lastOk ? `; shown below as of ${timeOfDay(policyState.lastOk)}.` : '.');
  box.hidden = false;
  if (policyState.loaded) $('policy-rules').classList.add('stale');
  else $('policy-rules').replaceChildren(el('li', { className: 'muted small' }, 'No policy loaded yet.'));
}

// ---------------------------------------------------------------------------------------------

pollOverview();
pollPolicy();
