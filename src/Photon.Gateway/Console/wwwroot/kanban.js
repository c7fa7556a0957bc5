// The Kanban board of the design document's story: it listens on board:<name> and moves cards when any process
// emits task-moved (the C# component in samples/Photon.Kanban does, through the DaemonBroker), without a reload.
'use strict';

const board = new URLSearchParams(location.search).get('board') || 'demo';
const channel = `board:${board}`;
document.getElementById('board-name').textContent = `“${board}”`;
document.getElementById('board-channel').textContent = channel;

function setStatus(state, text) {
  const status = document.getElementById('board-status');
  status.dataset.state = state;
  status.textContent = text;
}

function columnList(column) {
  return document.querySelector(`ul[data-column="${CSS.escape(column)}"]`);
}

function placeCard(id, title, column, animate) {
  const list = columnList(column);
  if (!list) return;
  let card = document.querySelector(`li[data-task-id="${CSS.escape(id)}"]`);
  if (!card) {
    card = document.createElement('li');
    card.className = 'card';
    card.dataset.taskId = id;
    const idSpan = document.createElement('span');
    idSpan.className = 'task-id';
    const titleSpan = document.createElement('span');
    titleSpan.className = 'title';
    card.append(idSpan, titleSpan);
  }
  card.querySelector('.task-id').textContent = id;
  if (title) card.querySelector('.title').textContent = title;
  card.dataset.column = column;
  list.append(card);
  if (animate) {
    card.classList.remove('moved');
    void card.offsetWidth;
    card.classList.add('moved');
  }
}

function applySnapshot(data) {
  document.querySelectorAll('li.card').forEach((card) => card.remove());
  for (const task of data.tasks ?? []) placeCard(task.id, task.title, task.column, false);
}

function onMessage(event) {
  let message;
  try {
    message = JSON.parse(event.data);
  } catch {
    return;
  }
  const data = message.data ?? {};
  if (message.event === 'board-snapshot') applySnapshot(data);
  else if (message.event === 'task-moved' && data.taskId && data.newColumn) placeCard(data.taskId, data.title, data.newColumn, true);
}

// lastEventId 1-0 asks for everything after sequence 0 of epoch 1: epochs are random, so the gateway answers
// refresh_needed and replays what the channel still holds (and were the epoch 1, that is everything too): the board
// is rebuilt from its recent events. After a reconnect EventSource sends Last-Event-ID instead,
// which resumes exactly where the page left off.
const source = new EventSource(`/subscribe?channel=${encodeURIComponent(channel)}&lastEventId=1-0`);
source.onopen = () => setStatus('live', `Live on ${channel}.`);
source.onerror = () => setStatus('reconnecting', 'Connection lost; reconnecting…');
source.onmessage = onMessage;
