// The web chat: acts as the emulator's users through its control API and shows what the
// bot sent through the Bot API. Every change arrives on /control/events (server-sent
// events); nothing here polls. Text from users and bots is only ever set as text.

const $ = (id) => document.getElementById(id);
const AVATAR_COLOURS = ["#e17076", "#7bc862", "#e5ca77", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774"];
const ALBUM_MAX = 10;

const state = {
  bots: [],
  users: [],
  me: null, // the acting user's id
  chats: [], // the acting user's chats: {chat, last_message}
  open: null, // the open chat's id
  info: null, // the open chat's {chat, members}
  messages: [],
  replyTo: null, // the message being answered
  stick: true, // the open chat follows its newest message (until its user scrolls up)
  scrolledTo: 0, // where the open chat was last seen scrolled to
  pendingStart: null, // a /start payload waiting for the START button
  files: [], // photos chosen or dropped, waiting in the send dialog
  wanted: null, // the user and chat the address names ({as, chat}), until they are shown
};

// ----- the address: the user acted as and the open chat, kept in its hash -----------------
// "#as=<user id>&chat=<chat id>": a reload opens the same chat as the same user, and the
// address, sent to someone or opened in another tab, does the same there.

function readAddress() {
  const params = new URLSearchParams(location.hash.slice(1));
  const id = (name) => (/^-?\d+$/.test(params.get(name) || "") ? Number(params.get(name)) : null);
  return { as: id("as"), chat: id("chat") };
}

function writeAddress() {
  const params = new URLSearchParams();
  if (state.me !== null) params.set("as", state.me);
  const chat = state.open ?? state.wanted?.chat ?? null; // one still loading stays named
  if (chat !== null) params.set("chat", chat);
  const hash = params.toString() ? `#${params}` : "";
  if (location.hash !== hash) history.replaceState(null, "", hash || location.pathname + location.search);
}

// ----- the control API ---------------------------------------------------------------

async function api(method, path, body) {
  const options = { method, headers: {} };
  if (body instanceof FormData) options.body = body;
  else if (body !== undefined) {
    options.body = JSON.stringify(body);
    options.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path, options);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || data.description || `${response.status}`);
  return data;
}

// Two events in quick succession ask for the same list twice, and the answers can come back
// in either order: an answer older than one already shown is dropped, or it would put back
// what the newer one replaced (another user's chats, a chat without its newest message).
const asked = {};
const shown = {};
function inOrder(kind) {
  const n = (asked[kind] = (asked[kind] || 0) + 1);
  return () => {
    if (n < (shown[kind] || 0)) return false;
    shown[kind] = n;
    return true;
  };
}

const bot = () => state.bots[0] || null;
const me = () => state.users.find((u) => u.id === state.me) || null;
const fullName = (u) => [u.first_name, u.last_name].filter(Boolean).join(" ");

// ----- small helpers -------------------------------------------------------------------

// The direction a text is read in, by its first strong letter (Unicode's rule P2), skipping
// what is isolated (FSI ... PDI): the bot isolates names inside a Hebrew sentence, so
// "⁨Class 1A⁩ מושהית" is right to left. Chromium's dir="auto" does not skip isolates.
const RTL_LETTERS = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;
function strong(ch) {
  if (ch === "\u200f" || ch === "\u061c") return "rtl"; // the right-to-left and Arabic marks
  if (ch === "\u200e") return "ltr"; // the left-to-right mark
  if (!/\p{L}/u.test(ch)) return null; // digits, spaces, punctuation, emoji: neutral or weak
  return RTL_LETTERS.test(ch) ? "rtl" : "ltr";
}
function direction(text) {
  let isolated = 0;
  for (const ch of text || "") {
    if ("\u2066\u2067\u2068".includes(ch)) isolated += 1;
    else if (ch === "\u2069") isolated = Math.max(0, isolated - 1);
    else if (isolated === 0 && strong(ch)) return strong(ch);
  }
  return "auto";
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

let toastTimer = null;
function toast(text) {
  const node = $("toast");
  node.textContent = text;
  node.dir = direction(text);
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (node.hidden = true), 3500);
}

function showAlert(text) {
  $("alert-text").textContent = text;
  $("alert-text").dir = direction(text);
  $("alert-dialog").showModal();
}

function time(unix) {
  const d = new Date(unix * 1000);
  return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function avatar(title, id) {
  const colour = AVATAR_COLOURS[Math.abs(Number(id)) % AVATAR_COLOURS.length];
  const letters = (title || "?").split(/\s+/).map((w) => w[0]).join("").slice(0, 2).toUpperCase();
  return el("span", { class: "avatar", style: `background:${colour}`, "aria-hidden": "true", text: letters });
}

function formError(form, error) {
  const node = form.querySelector(".error");
  node.textContent = error ? error.message || String(error) : "";
  node.hidden = !error;
}

// ----- what a message says, in a line ------------------------------------------------------

function serviceText(m) {
  const who = m.from ? fullName(m.from) : "";
  if (m.new_chat_members) {
    const joined = m.new_chat_members.map(fullName).join(", ");
    return m.new_chat_members.length === 1 && m.new_chat_members[0].id === m.from?.id
      ? `${joined} joined the group` : `${who} added ${joined}`;
  }
  if (m.left_chat_member) {
    return m.left_chat_member.id === m.from?.id ? `${who} left the group` : `${who} removed ${fullName(m.left_chat_member)}`;
  }
  if (m.group_chat_created || m.supergroup_chat_created) return `${who} created the group`;
  if (m.migrate_to_chat_id || m.migrate_from_chat_id) return "The group was upgraded to a supergroup";
  if (m.new_chat_title) return `${who} renamed the group to “${m.new_chat_title}”`;
  if (m.pinned_message) return `${who} pinned a message`;
  return null;
}

// A message sent by opening a t.me/<bot>?start= link shows as "/start", as in Telegram's
// apps; the bot got the payload too.
const START = "/start";
function shownText(m) {
  return m._start_link ? START : m.text;
}

function preview(m) {
  if (!m) return "";
  const service = serviceText(m);
  if (service) return service;
  const text = shownText(m) || m.caption || "";
  if (m.photo) return text ? `Photo, ${text}` : "Photo";
  if (m.document && !m.animation) return `File ${m.document.file_name || ""}`;
  if (m.sticker) return `${m.sticker.emoji || ""} Sticker`;
  if (m.animation) return text ? `GIF, ${text}` : "GIF";
  if (m.video) return text ? `Video, ${text}` : "Video";
  if (m.video_note) return "Video message";
  for (const kind of ["voice", "audio"]) if (m[kind]) return `${kind} ${text}`;
  return text;
}

// ----- text with its entities (offsets in UTF-16 code units, as JavaScript strings) ---------

function safeUrl(url) {
  try {
    const parsed = new URL(url, "https://example.invalid");
    return ["http:", "https:", "tg:", "mailto:"].includes(parsed.protocol) ? url : null;
  } catch {
    return null;
  }
}

function entityNode(entity, content) {
  switch (entity.type) {
    case "bold": return el("b");
    case "italic": return el("i");
    case "underline": return el("u");
    case "strikethrough": return el("s");
    case "code": return el("code");
    case "pre": return el("pre");
    case "blockquote": case "expandable_blockquote": return el("blockquote");
    case "spoiler": {
      const node = el("span", { class: "spoiler", title: "spoiler" });
      node.addEventListener("click", () => node.classList.add("shown"));
      return node;
    }
    case "url": {
      const href = safeUrl(/^[a-z]+:/i.test(content) ? content : `https://${content}`);
      return href ? el("a", { href, "data-link": "1" }) : el("span");
    }
    case "text_link": {
      const href = safeUrl(entity.url);
      return href ? el("a", { href, "data-link": "1" }) : el("span");
    }
    case "email": return el("a", { href: `mailto:${content}` });
    case "bot_command": return el("a", { href: "#", "data-command": content, class: "command" });
    case "mention": case "text_mention": return el("b", { class: "mention" });
    default: return el("span");
  }
}

function withEntities(parent, text, entities, start, end) {
  let position = start;
  let i = 0;
  while (i < entities.length) {
    const entity = entities[i];
    if (entity.offset < position) { i += 1; continue; }
    if (entity.offset >= end) break;
    parent.append(text.slice(position, entity.offset));
    const entityEnd = Math.min(entity.offset + entity.length, end);
    const inner = [];
    let j = i + 1;
    while (j < entities.length && entities[j].offset < entityEnd) {
      if (entities[j].offset + entities[j].length <= entityEnd) inner.push(entities[j]);
      j += 1;
    }
    const node = entityNode(entity, text.slice(entity.offset, entityEnd));
    withEntities(node, text, inner, entity.offset, entityEnd);
    parent.append(node);
    position = entityEnd;
    i = j;
  }
  parent.append(text.slice(position, end));
}

function formatted(text, entities) {
  const node = el("div", { class: "text", dir: direction(text) });
  const sorted = [...(entities || [])].sort((a, b) => a.offset - b.offset || b.length - a.length);
  withEntities(node, text, sorted, 0, text.length);
  return node;
}

// ----- the chat list ---------------------------------------------------------------------

function seenKey(chatId) { return `facedrop.seen.${state.me}.${chatId}`; }
function markSeen(chatId, messageId) {
  if (messageId) localStorage.setItem(seenKey(chatId), String(messageId));
}
function unseen(item) {
  const last = item.last_message;
  if (!last || last.from?.id === state.me) return false;
  return last.message_id > Number(localStorage.getItem(seenKey(item.chat.id)) || 0);
}

function renderUsers() {
  const select = $("acting-as");
  select.replaceChildren(...state.users.map((u) =>
    el("option", { value: u.id, selected: u.id === state.me }, `${fullName(u)}${u.username ? ` @${u.username}` : ""}`)));
  $("no-user").hidden = state.users.length > 0;
  renderWelcome();
  $("new-group").disabled = !state.me;
}

function renderWelcome() {
  // A newcomer is told what to do first; once there are groups, to pick a chat.
  const started = state.users.length > 1 && state.chats.some((c) => c.chat.type !== "private");
  $("welcome-start").hidden = started;
  $("welcome-pick").hidden = !started;
}

function renderChats() {
  const list = $("chat-list");
  // A list drawn anew (a message came, the open chat changed) keeps the keyboard's place in it:
  // the chat that had the focus has it again, so Enter opens what the user had reached.
  const focused = list.contains(document.activeElement) ? document.activeElement.dataset.chat : undefined;
  list.replaceChildren(...state.chats.map((item) => {
    const chat = item.chat;
    const title = chat.title || fullName(chat);
    const last = item.last_message;
    const button = el("button", {
      type: "button", "data-chat": chat.id, "aria-current": chat.id === state.open ? "true" : "false",
      onclick: () => openChat(chat.id),
    },
    avatar(title, chat.id),
    el("span", { class: "name" }, el("bdi", { dir: direction(title), text: title }), chat.type === "private" ? " (bot)" : ""),
    el("span", { class: "time", text: last ? time(last.date) : "" }),
    // The line itself takes the text's direction: a right-to-left preview cut short keeps its
    // start (on the right) and loses its end, as Telegram's list shows it.
    el("span", { class: "preview", dir: direction(preview(last)) }, el("bdi", { text: preview(last) })),
    unseen(item) && chat.id !== state.open ? el("span", { class: "badge", text: "new", "aria-label": "unread" }) : el("span"));
    return el("li", {}, button);
  }));
  if (focused !== undefined) list.querySelector(`[data-chat="${CSS.escape(focused)}"]`)?.focus();
}

async function loadUsers() {
  const fresh = inOrder("users");
  const [bots, users] = await Promise.all([api("GET", "/control/bots"), api("GET", "/control/users")]);
  if (!fresh()) return;
  [state.bots, state.users] = [bots, users];
  if (state.wanted?.as != null && !state.users.some((u) => u.id === state.wanted.as)) {
    state.wanted = null; // the address names no user here (any more): no chat of theirs either
  }
  if (state.wanted?.as != null && state.wanted.as !== state.me) {
    state.me = state.wanted.as;
    closeChat();
  } else if (!state.users.some((u) => u.id === state.me)) {
    const saved = Number(localStorage.getItem("facedrop.me"));
    state.me = state.users.some((u) => u.id === saved) ? saved : state.users[0]?.id ?? null;
  }
  writeAddress();
  renderUsers();
  renderStartBar(); // whether the acting user started the bot is the server's word
}

async function loadChats() {
  const fresh = inOrder("chats");
  const userId = state.me;
  const chats = userId ? await api("GET", `/control/users/${userId}/chats`) : [];
  if (state.me !== userId || !fresh()) return;
  state.chats = chats;
  if (state.open !== null && !state.chats.some((c) => c.chat.id === state.open)) closeChat();
  renderChats();
  renderWelcome();
  openWanted();
}

// The chat the address names, once the list of its user's chats is there.
function openWanted() {
  const wanted = state.wanted;
  if (!wanted || (wanted.as !== null && wanted.as !== state.me)) return;
  state.wanted = null;
  if (wanted.chat === null || wanted.chat === state.open) return writeAddress();
  if (state.chats.some((c) => c.chat.id === wanted.chat)) openChat(wanted.chat).catch((e) => toast(e.message));
  else writeAddress(); // not a chat of theirs: the address says what is shown
}

function followAddress() {
  state.wanted = readAddress();
  if (state.wanted.as === null && state.wanted.chat === null) return;
  loadUsers().then(loadChats).catch((e) => toast(e.message));
}

function actAs(userId) {
  state.me = userId;
  state.wanted = null;
  localStorage.setItem("facedrop.me", String(userId));
  closeChat();
  renderUsers();
  loadChats().catch((e) => toast(e.message));
}

// ----- the open chat -----------------------------------------------------------------------

function closeChat() {
  state.open = null;
  state.info = null;
  state.messages = [];
  state.replyTo = null;
  $("open-chat").hidden = true;
  $("no-chat").hidden = false;
  $("layout").classList.remove("chat-open");
  writeAddress();
  renderChats();
}

async function openChat(chatId, { highlight } = {}) {
  if (state.open !== chatId) {
    state.open = chatId;
    state.replyTo = null;
    state.pendingStart = null;
    state.messages = [];
    state.info = null; // the last chat's info says nothing of this one (a group's senders)
    $("messages").replaceChildren();
  }
  writeAddress();
  $("open-chat").hidden = false;
  $("no-chat").hidden = true;
  $("layout").classList.add("chat-open");
  $("text").focus(); // at once: keys typed while the chat loads go to the message box
  await Promise.all([loadInfo(), loadMessages({ toBottom: true })]);
  renderChats();
  if (highlight) highlightMessage(highlight);
  $("text").focus();
}

async function loadInfo() {
  if (state.open === null) return;
  const chatId = state.open;
  const fresh = inOrder("info");
  const info = await api("GET", `/control/chats/${chatId}`);
  if (state.open !== chatId || !fresh()) return;
  state.info = info;
  const chat = info.chat;
  $("chat-title").textContent = chat.title || fullName(chat);
  $("chat-title").dir = direction($("chat-title").textContent);
  const inChat = info.members.filter((m) => ["creator", "administrator", "member", "restricted"].includes(m.status));
  $("chat-subtitle").textContent = chat.type === "private" ? `bot @${chat.bot_username || ""}` : `${inChat.length} members`;
  $("members-button").hidden = chat.type === "private";
  $("menu-button").hidden = false;
  renderStartBar();
  if (state.messages.length) renderMessages(); // the messages may have come first
}

function renderStartBar() {
  const chat = state.info?.chat;
  const user = me();
  const needsStart = chat?.type === "private" && user && (!user.started_bot || state.pendingStart !== null);
  $("start-bar").hidden = !needsStart;
  $("composer").hidden = needsStart;
}

async function loadMessages({ toBottom = false } = {}) {
  if (state.open === null) return;
  const chatId = state.open;
  const fresh = inOrder("messages");
  if (toBottom) { // kept when a newer answer shows the chat first
    state.stick = true;
    state.scrolledTo = 0; // where another chat was scrolled to says nothing of this one
  }
  const messages = await api("GET", `/control/chats/${chatId}/messages`);
  if (state.open !== chatId || !fresh()) return;
  noticeScroll();
  const newest = messages[messages.length - 1];
  if ((newest && newest.from?.id === state.me && !state.messages.some((m) => m.message_id === newest.message_id))) {
    state.stick = true; // one's own new message brings the chat to the bottom, as in Telegram
  }
  state.messages = messages;
  renderMessages();
  followNewest();
  if (messages.length) markSeen(chatId, messages[messages.length - 1].message_id);
}

function atBottom() {
  const list = $("messages");
  return list.scrollHeight - list.scrollTop - list.clientHeight < 40;
}

// Only the user moving up lets go of the newest message; reaching the bottom takes it again.
// The chat growing under it (a photo loaded, a message came) moves nothing: it keeps
// following. Read from where the chat is scrolled to now, not from its scroll event, which
// comes a frame later: a message or a photo arriving in between must not undo her move.
function noticeScroll() {
  const list = $("messages");
  if (atBottom()) state.stick = true;
  else if (list.scrollTop < state.scrolledTo) state.stick = false;
  state.scrolledTo = list.scrollTop;
}

function followNewest() {
  noticeScroll();
  if (!state.stick) return;
  const list = $("messages");
  list.scrollTop = list.scrollHeight;
  state.scrolledTo = list.scrollTop;
}

function groupAlbums(messages) {
  const groups = [];
  for (const m of messages) {
    const previous = groups[groups.length - 1];
    if (m.media_group_id && previous && previous[0].media_group_id === m.media_group_id) previous.push(m);
    else groups.push([m]);
  }
  return groups;
}

function openChatType() {
  if (state.info) return state.info.chat.type;
  return state.chats.find((c) => c.chat.id === state.open)?.chat.type;
}

function renderMessages() {
  const isGroup = openChatType() !== "private";
  $("messages").replaceChildren(...groupAlbums(state.messages).map((group) => renderMessage(group, isGroup)));
}

function senderName(m) {
  if (m.sender_chat) return m.sender_chat.title;
  return m.from ? fullName(m.from) : "";
}

function renderMessage(group, isGroup) {
  const m = group[0];
  const service = serviceText(m);
  if (service) return el("li", { class: "msg service", id: `m-${m.message_id}`, dir: direction(service), text: service });
  const mine = m.from?.id === state.me && !m.sender_chat;
  const item = el("li", { class: `msg ${mine ? "out" : "in"}`, id: `m-${m.message_id}`, "data-message-id": m.message_id });
  if (isGroup && !mine) {
    item.append(el("div", { class: "sender" }, el("bdi", { dir: direction(senderName(m)), text: senderName(m) }), m.from?.is_bot && !m.sender_chat ? el("span", { class: "bot-tag", text: "bot" }) : null));
  }
  if (m.reply_to_message && !state.messages.some((x) => x.message_id === m.reply_to_message.message_id)) {
    // The whole chat is loaded: a quoted message not in it was deleted, shown as Telegram's
    // apps show it (its words gone with it).
    item.append(el("span", { class: "quote deleted", text: "Deleted message" }));
  } else if (m.reply_to_message) {
    const quoted = m.reply_to_message;
    item.append(el("a", { class: "quote", href: `#m-${quoted.message_id}`, onclick: (e) => { e.preventDefault(); highlightMessage(quoted.message_id); } },
      el("b", { dir: direction(senderName(quoted)), text: senderName(quoted) }), el("span", { dir: direction(preview(quoted)), text: preview(quoted) || "…" })));
  }
  // An album's photos and videos share one grid; a GIF and a round video message are
  // shown on their own, as Telegram's apps show them.
  const visuals = group.filter((x) => x.photo || x.video || x.animation || x.video_note);
  if (visuals.length) {
    const count = visuals.length;
    const media = el("div", { class: `media ${count <= 4 ? `n${count}` : "many"}` });
    for (const x of visuals) media.append(x.photo ? renderPhoto(x) : renderClip(x));
    item.append(media);
  }
  for (const x of group) {
    if (x.document && !x.animation) {
      const href = `/control/files/${encodeURIComponent(x.document.file_id)}`;
      item.append(el("div", { class: "document" }, "📄", el("a", { href, download: x.document.file_name || "file", text: x.document.file_name || "file" })));
    }
    for (const kind of ["sticker", "voice", "audio"]) {
      if (x[kind]) item.append(el("div", { class: "document", text: `${kind === "sticker" ? x.sticker.emoji || "" : "🎞"} ${kind}` }));
    }
  }
  const captioned = group.find((x) => x.caption);
  if (m.text !== undefined) {
    const text = shownText(m);
    item.append(formatted(text, (m.entities || []).filter((e) => e.offset + e.length <= text.length)));
  }
  else if (captioned) item.append(formatted(captioned.caption, captioned.caption_entities));
  const edited = group.some((x) => x.edit_date);
  item.append(el("div", { class: "meta", text: `${edited ? "edited " : ""}${time(m.date)}` }));
  const keyboard = m.reply_markup?.inline_keyboard;
  if (keyboard) item.append(renderKeyboard(m, keyboard));
  item.append(el("div", { class: "msg-actions" },
    el("button", { type: "button", class: "reply-button", "aria-label": `Reply to ${senderName(m)}`, title: "Reply", onclick: () => replyTo(m), text: "↩" })));
  return item;
}

function renderPhoto(message) {
  const size = message.photo[message.photo.length - 1];
  const src = `/control/files/${encodeURIComponent(size.file_id)}`;
  const image = el("img", { src, alt: message.caption || "photo", width: size.width, height: size.height, "data-unique-id": size.file_unique_id });
  image.addEventListener("load", followNewest);
  return el("button", { type: "button", "aria-label": "Open photo", onclick: () => viewPhoto(src) }, image);
}

// A video plays in place with its controls; a GIF loops silently; a video message is round.
function renderClip(message) {
  const kind = message.video ? "video" : message.animation ? "animation" : "video_note";
  const clip = message[kind];
  const label = { video: "Video", animation: "GIF", video_note: "Video message" }[kind];
  const video = el("video", {
    src: `/control/files/${encodeURIComponent(clip.file_id)}`,
    class: kind.replace("_", "-"),
    preload: "metadata",
    playsinline: "",
    "aria-label": message.caption ? `${label}: ${message.caption}` : label,
    "data-unique-id": clip.file_unique_id,
  });
  if (clip.thumbnail) video.poster = `/control/files/${encodeURIComponent(clip.thumbnail.file_id)}`;
  if (kind === "animation") Object.assign(video, { autoplay: true, loop: true, muted: true });
  else video.controls = true;
  video.addEventListener("loadedmetadata", followNewest);
  return video;
}

function renderKeyboard(message, rows) {
  return el("div", { class: "keyboard" }, ...rows.map((row) => el("div", { class: "row" }, ...row.map((button) =>
    el("button", { type: "button", dir: direction(button.text), onclick: () => press(message, button) },
      button.text, button.url ? el("span", { class: "link-mark", "aria-hidden": "true", text: " ↗" }) : null)))));
}

function highlightMessage(messageId) {
  const node = document.getElementById(`m-${messageId}`);
  if (!node) return;
  node.scrollIntoView({ block: "center" });
  node.classList.add("highlight");
  setTimeout(() => node.classList.remove("highlight"), 1500);
}

function viewPhoto(src) {
  $("viewer-image").src = src;
  $("photo-viewer").showModal();
}

function replyTo(message) {
  state.replyTo = message;
  $("replying-text").replaceChildren(`Reply to `, el("bdi", { text: senderName(message) }), ": ", el("bdi", { text: preview(message) }));
  $("replying").hidden = false;
  $("text").focus();
}

function cancelReply() {
  state.replyTo = null;
  $("replying").hidden = true;
}

// ----- acting: text, photos, buttons, links ----------------------------------------------

async function sendText(text) {
  const body = { chat_id: state.open, user_id: state.me, text };
  if (state.replyTo) body.reply_to_message_id = state.replyTo.message_id;
  await api("POST", "/control/messages", body);
  cancelReply();
}

async function press(message, button) {
  if (button.url) return openLink(button.url);
  if (button.callback_data === undefined) return toast("This button does nothing here");
  const answer = await api("POST", "/control/callbacks", {
    user_id: state.me, chat_id: state.open, message_id: message.message_id, data: button.callback_data, wait: 10,
  }).catch((e) => { toast(e.message); return null; });
  if (!answer) return;
  if (answer.url) openLink(answer.url);
  if (answer.text) (answer.show_alert ? showAlert(answer.text) : toast(answer.text));
}

function privateChatOf() { return state.me; } // a private chat's id is its user's id

async function openLink(url) {
  const link = /^(?:https?:\/\/)?t(?:elegram)?\.me\/([A-Za-z0-9_]+)\/?(?:\?(.*))?$/i.exec(url);
  const b = bot();
  if (link && b && link[1].toLowerCase() === b.username.toLowerCase()) {
    const params = new URLSearchParams(link[2] || "");
    if (params.has("startgroup")) return pickGroup(params.get("startgroup"));
    await openChat(privateChatOf());
    if (params.has("start")) {
      state.pendingStart = params.get("start");
      renderStartBar();
      if (me()?.started_bot) await pressStart();
    }
    return;
  }
  const post = /^(?:https?:\/\/)?t\.me\/(?:c\/(\d+)|([A-Za-z0-9_]+))\/(\d+)$/i.exec(url);
  if (post) {
    const target = state.chats.find((c) => (post[1] && String(c.chat.id) === `-100${post[1]}`) || (post[2] && c.chat.username === post[2]));
    if (target) return openChat(target.chat.id, { highlight: Number(post[3]) });
    return toast("That chat is not one of yours");
  }
  if (safeUrl(url)) window.open(url, "_blank", "noopener");
}

async function pressStart() {
  const payload = state.pendingStart;
  state.pendingStart = null;
  if (payload) await api("POST", "/control/start", { user_id: state.me, payload });
  else await api("POST", "/control/messages", { chat_id: privateChatOf(), user_id: state.me, text: START });
  await loadUsers();
  renderStartBar();
}

async function pickGroup(payload) {
  const dialog = $("pick-group-dialog");
  const form = dialog.querySelector("form");
  formError(form, null);
  $("pick-group-text").textContent = `Add @${bot().username} to a group of yours:`;
  const groups = state.chats.filter((c) => c.chat.type !== "private");
  // As Telegram's chooser does, a new group can be made here: the bot is in it at once.
  const create = el("li", {}, el("button", {
    type: "button",
    class: "new-group",
    text: "New group",
    onclick: () => { dialog.close(); newGroup(payload); },
  }));
  $("pick-group-list").replaceChildren(create, ...(groups.length ? groups.map((c) => el("li", {}, el("button", {
    type: "button",
    dir: direction(c.chat.title),
    text: c.chat.title,
    onclick: async () => {
      try {
        await api("POST", "/control/startgroup", { user_id: state.me, chat_id: c.chat.id, payload, bot_username: bot().username });
        dialog.close();
        await openChat(c.chat.id);
      } catch (e) { formError(form, e); }
    },
  }))) : [el("li", { text: "You are in no group yet." })]));
  dialog.showModal();
}

const isClip = (file) => file.type.startsWith("video/");

function choosePhotos(files) {
  const chosen = [...files].filter((f) => f.type.startsWith("image/") || isClip(f));
  if (!chosen.length) return toast("Only photos and videos can be sent here");
  if (state.open === null) return toast("Open a chat first");
  state.files = chosen;
  const clips = chosen.filter(isClip).length;
  const what = clips === 0 ? "photos" : clips === chosen.length ? "videos" : "photos and videos";
  $("photos-title").textContent = chosen.length === 1 ? `Send a ${clips ? "video" : "photo"}` : `Send ${chosen.length} ${what} as ${Math.ceil(chosen.length / ALBUM_MAX) === 1 ? "an album" : "albums"}`;
  $("photos-preview").replaceChildren(...chosen.map((f) => isClip(f)
    ? el("video", { src: URL.createObjectURL(f), muted: true, "aria-label": f.name })
    : el("img", { src: URL.createObjectURL(f), alt: f.name })));
  const form = $("photos-form");
  form.caption.value = $("text").value;
  formError(form, null);
  $("photos-dialog").showModal();
}

async function sendPhotos(caption) {
  // Telegram sends more than ten photos as several albums; photos and videos mix in one.
  const route = state.files.some(isClip) ? "/control/albums" : "/control/photos";
  for (let i = 0; i < state.files.length; i += ALBUM_MAX) {
    const body = new FormData();
    body.append("chat_id", state.open);
    body.append("user_id", state.me);
    if (caption && i === 0) body.append("caption", caption);
    for (const file of state.files.slice(i, i + ALBUM_MAX)) body.append("photo", file, file.name);
    await api("POST", route, body);
  }
  state.files = [];
  $("text").value = "";
}

async function showMenu() {
  const menu = $("menu");
  if (!menu.hidden) { menu.hidden = true; return; }
  const commands = await api("GET", `/control/chats/${state.open}/commands?user_id=${state.me}`);
  menu.replaceChildren(...(commands.length ? commands.map((c) => el("li", {}, el("button", {
    type: "button",
    onclick: async () => { menu.hidden = true; await sendText(`/${c.command}`).catch((e) => toast(e.message)); },
  }, el("span", { class: "cmd", text: `/${c.command}` }), el("span", { class: "desc", dir: direction(c.description), text: c.description })))) : [el("li", { class: "empty", text: "The bot has no commands here" })]));
  menu.hidden = false;
  menu.querySelector("button")?.focus();
}

// ----- users, groups, members ----------------------------------------------------------------

function newUser() {
  const form = $("user-form");
  form.reset();
  formError(form, null);
  $("user-dialog").showModal();
}

async function createUser(form) {
  const data = Object.fromEntries(new FormData(form));
  const body = { first_name: data.first_name.trim() };
  for (const key of ["last_name", "username", "language_code"]) if (data[key]) body[key] = data[key].trim();
  const user = await api("POST", "/control/users", body);
  await loadUsers();
  actAs(user.id);
}

// ``startgroup``: the payload of the t.me/<bot>?startgroup= link the group is made for
// (the bot joins it and gets /start@<bot> <payload> there); otherwise the plain "New group".
function newGroup(startgroup = null) {
  const form = $("group-form");
  form.reset();
  formError(form, null);
  state.startgroup = typeof startgroup === "string" ? startgroup : null;
  form.querySelector("label.bot-choice").hidden = state.startgroup !== null;
  const others = state.users.filter((u) => u.id !== state.me);
  $("group-members").replaceChildren(el("legend", { text: "Members" }), ...(others.length
    ? others.map((u) => el("label", {}, el("input", { type: "checkbox", name: "member", value: u.id, checked: true }), ` ${fullName(u)}`))
    : [el("p", { class: "empty", text: "No other users yet." })]));
  $("group-dialog").showModal();
}

async function createGroup(form) {
  const data = new FormData(form);
  const group = await api("POST", "/control/groups", {
    title: String(data.get("title")).trim(),
    type: data.get("basic") ? "group" : "supergroup",
    creator_id: state.me,
    member_ids: data.getAll("member").map(Number),
  });
  const payload = state.startgroup;
  state.startgroup = null;
  if (payload !== null) {
    await api("POST", "/control/startgroup", { user_id: state.me, chat_id: group.id, payload, bot_username: bot().username });
  } else if (data.get("bot")) {
    await api("POST", `/control/groups/${group.id}/bot`, { status: data.get("bot"), by_user_id: state.me });
  }
  await loadChats();
  await openChat(group.id);
}

const USER_ROLES = ["creator", "administrator", "member", "restricted", "left", "kicked"];
const BOT_ROLES = ["administrator", "member", "left", "kicked"];
const ROLE_NAMES = { creator: "owner", administrator: "admin", member: "member", restricted: "read-only", left: "not in the group", kicked: "banned" };

function iAmAdmin() {
  const mine = state.info?.members.find((m) => m.user.id === state.me);
  return mine && ["creator", "administrator"].includes(mine.status);
}

async function showMembers() {
  await loadInfo();
  renderMembers();
  $("members-dialog").showModal();
}

function renderMembers() {
  const info = state.info;
  const admin = iAmAdmin();
  const form = $("members-dialog").querySelector("form");
  formError(form, null);
  $("members-title").replaceChildren(el("bdi", { text: info.chat.title }), ": members");
  $("members-body").replaceChildren(...info.members.map((member) => {
    const user = member.user;
    const roles = user.is_bot ? BOT_ROLES : USER_ROLES.filter((r) => r !== "creator");
    const cell = member.status === "creator" || !admin || user.id === state.me
      ? el("td", { text: ROLE_NAMES[member.status] || member.status })
      : el("td", {}, el("select", {
        "aria-label": `Role of ${fullName(user)}`,
        onchange: (e) => setRole(user, e.target.value).catch((error) => formError(form, error)),
      }, ...roles.map((r) => el("option", { value: r, selected: r === member.status, text: ROLE_NAMES[r] }))));
    return el("tr", {}, el("td", {}, el("bdi", { text: fullName(user) }), user.is_bot ? el("span", { class: "bot-tag", text: "bot" }) : null), cell);
  }));
  const inChat = new Set(info.members.filter((m) => m.status !== "left").map((m) => m.user.id));
  const outside = state.users.filter((u) => !inChat.has(u.id));
  const b = bot();
  const botOutside = b && !inChat.has(b.id);
  $("add-member-row").hidden = !admin || !(outside.length || botOutside);
  $("add-member").replaceChildren(
    ...(botOutside ? [el("option", { value: "bot", text: `${b.first_name} (bot)` })] : []),
    ...outside.map((u) => el("option", { value: u.id, text: fullName(u) })));
}

async function setRole(user, status) {
  const chatId = state.open;
  if (user.is_bot) await api("POST", `/control/groups/${chatId}/bot`, { status, by_user_id: state.me });
  else await api("POST", `/control/groups/${chatId}/members`, { user_id: user.id, status, by_user_id: state.me });
  await loadInfo();
  renderMembers();
}

// ----- live: the emulator's event stream -------------------------------------------------------

function listen() {
  const events = new EventSource("/control/events");
  events.onmessage = (event) => {
    const { chat_id: chatId } = JSON.parse(event.data);
    const work = [];
    if (chatId === null) work.push(loadUsers(), loadInfo());
    if (chatId !== null && chatId === state.open) work.push(loadMessages());
    work.push(loadChats());
    Promise.all(work).catch((e) => toast(e.message));
  };
  events.onopen = () => Promise.all([loadUsers(), loadChats(), loadMessages()]).catch(() => {});
}

// ----- the demo: its steps shown beside its button, its group opened as its teacher ----------

let followingDemo = false;

// ``open``: open the play's group as its teacher once (a viewer who pressed Play); a page
// loaded, or Play refused, while a play goes on follows its steps only (findings20 1: a
// reload lost them for good), leaving the viewer where they are.
async function followDemo(open = true) {
  if (followingDemo) return;
  followingDemo = true;
  try {
    await showDemoSteps(open);
  } finally {
    followingDemo = false;
  }
}

async function followDemoIfPlaying() {
  let demo;
  try {
    demo = await api("GET", "/control/demo");
  } catch {
    return; // no demo in this sandbox
  }
  if (demo.playing) await followDemo(false);
}

async function showDemoSteps(open) {
  const line = $("demo-step");
  let opened = !open;
  for (;;) {
    const demo = await api("GET", "/control/demo");
    line.hidden = false;
    if (demo.error) line.textContent = `Demo stopped: ${demo.error}`;
    else line.textContent = demo.playing ? `Demo: ${demo.step}` : "Demo done: carry on by hand";
    if (!opened && demo.group_id != null) {
      opened = true; // once: a viewer who then acts as someone else is left there
      state.wanted = { as: demo.teacher_id, chat: demo.group_id };
      await loadUsers();
      await loadChats();
    }
    if (!demo.playing) return;
    await new Promise((resolve) => setTimeout(resolve, 700));
  }
}

// ----- wiring ----------------------------------------------------------------------------------

function onSubmitDialog(formId, action) {
  const form = $(formId);
  form.addEventListener("submit", async (event) => {
    if (event.submitter?.value !== "ok") return;
    event.preventDefault();
    try {
      await action(form);
      form.closest("dialog").close();
    } catch (error) {
      formError(form, error);
    }
  });
}

function wire() {
  $("acting-as").addEventListener("change", (e) => actAs(Number(e.target.value)));
  $("new-user").addEventListener("click", newUser);
  $("new-group").addEventListener("click", newGroup);
  $("back").addEventListener("click", closeChat);
  $("members-button").addEventListener("click", () => showMembers().catch((e) => toast(e.message)));
  $("cancel-reply").addEventListener("click", cancelReply);
  $("start-button").addEventListener("click", () => pressStart().catch((e) => toast(e.message)));
  $("menu-button").addEventListener("click", () => showMenu().catch((e) => toast(e.message)));
  $("play-demo").addEventListener("click", async () => {
    try {
      // It plays in the language of the user the viewer acts as (findings23 11).
      const demo = await api("POST", "/control/demo", { language_code: me()?.language_code ?? null });
      const [teacher, ...parents] = demo.users;
      toast(`The demo is playing in ${demo.group}: follow it as ${teacher}, ${parents.join(" or ")}`);
      followDemo().catch((e) => toast(e.message));
    } catch (e) {
      toast(e.message);
      followDemoIfPlaying().catch(() => {});
    }
  });
  $("add-member-button").addEventListener("click", async () => {
    const form = $("members-dialog").querySelector("form");
    try {
      const chosen = $("add-member").value;
      if (chosen === "bot") await api("POST", `/control/groups/${state.open}/bot`, { status: "member", by_user_id: state.me });
      else await api("POST", `/control/groups/${state.open}/members`, { user_id: Number(chosen), status: "member", by_user_id: state.me });
      await loadInfo();
      renderMembers();
    } catch (e) { formError(form, e); }
  });
  onSubmitDialog("user-form", createUser);
  onSubmitDialog("group-form", createGroup);
  onSubmitDialog("photos-form", (form) => sendPhotos(form.caption.value.trim()));

  const text = $("text");
  $("composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = text.value.trim();
    if (!value || state.open === null) return;
    try {
      await sendText(value);
      text.value = "";
    } catch (e) { toast(e.message); }
  });
  text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      $("composer").requestSubmit();
    } else if (event.key === "Escape") cancelReply();
  });
  $("messages").addEventListener("scroll", followNewest);
  $("attach").addEventListener("change", (e) => { choosePhotos(e.target.files); e.target.value = ""; });

  const chat = $("chat");
  chat.addEventListener("dragover", (e) => { if (state.open !== null) { e.preventDefault(); $("drop-hint").hidden = false; } });
  chat.addEventListener("dragleave", (e) => { if (!chat.contains(e.relatedTarget)) $("drop-hint").hidden = true; });
  chat.addEventListener("drop", (e) => {
    e.preventDefault();
    $("drop-hint").hidden = true;
    choosePhotos(e.dataTransfer.files);
  });

  $("messages").addEventListener("click", (event) => {
    const link = event.target.closest("a[data-link], a[data-command]");
    if (!link) return;
    event.preventDefault();
    if (link.dataset.command) sendText(link.dataset.command).catch((e) => toast(e.message));
    else openLink(link.getAttribute("href")).catch((e) => toast(e.message));
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("menu").hidden) $("menu").hidden = true;
  });
}

wire();
state.wanted = readAddress();
loadUsers().then(loadChats).catch((e) => toast(e.message));
listen();
followDemoIfPlaying().catch(() => {});
window.addEventListener("hashchange", followAddress);
