// The staff app: sign in (and set a password from an invitation or reset link), today's lesson (cards, scenario, quiz), reviews, progress; a manager's team view.
import { gql, newId, ApiError } from "./api.js";
import * as op from "./operations.js";
import { TEXT } from "./i18n.js";

const main = document.getElementById("main");
const state = { locale: localStorage.getItem("serviceloop.locale") || "et", me: null };
// One client id per intended action, kept across retries of that action.
const actionIds = new Map();
const actionId = (key) => actionIds.get(key) || (actionIds.set(key, newId()), actionIds.get(key));
const t = (key) => TEXT[state.locale][key] ?? key;
const el = (tag, attrs = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), attrs);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};
const locale = () => state.locale.toUpperCase();

function translateChrome() {
  document.documentElement.lang = state.locale;
  document.querySelectorAll("[data-t]").forEach((node) => (node.textContent = t(node.dataset.t)));
  document.getElementById("lang").textContent = state.locale === "et" ? "English" : "Eesti";
}

function showError(error) {
  main.prepend(el("p", { className: "error" }, error instanceof ApiError ? `${error.message} (${error.code})` : String(error)));
}

async function signIn(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    const data = await gql(op.Login,
      { i: { email: form.get("email"), password: form.get("password") } });
    localStorage.setItem("serviceloop.token", data.login.token);
    await start();
  } catch (error) { showError(error); }
}

function loginView() {
  document.getElementById("nav").hidden = true;
  main.replaceChildren(el("form", { className: "card", onsubmit: signIn },
    el("h2", {}, t("signIn")),
    el("label", {}, t("email"), el("input", { name: "email", type: "email", required: true })),
    el("label", {}, t("password"), el("input", { name: "password", type: "password", required: true })),
    el("button", { className: "primary", type: "submit" }, t("signIn")),
    el("button", { type: "button", onclick: forgotView }, t("forgot"))));
}

// An invitation or reset link opens the app at #invitation=<token> or #reset=<token>: the fragment never
// reaches a server log.
function linkFromHash() {
  const match = location.hash.match(/^#(invitation|reset)=([A-Za-z0-9_-]+)$/);
  return match ? { purpose: match[1], token: match[2] } : null;
}

function setPasswordView(link) {
  document.getElementById("nav").hidden = true;
  const [operation, mutation] = link.purpose === "invitation"
    ? [op.AcceptInvitation, "acceptInvitation"] : [op.ResetPassword, "resetPassword"];
  const submit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    if (form.get("password") !== form.get("again")) return showError(t("passwordsDiffer"));
    try {
      const data = await gql(operation,
        { i: { token: link.token, password: form.get("password") } });
      history.replaceState(null, "", location.pathname);
      localStorage.setItem("serviceloop.token", data[mutation].token);
      await start();
    } catch (error) { showError(error); }
  };
  const password = (name) => el("input", { name, type: "password", minLength: 8, required: true, autocomplete: "new-password" });
  main.replaceChildren(el("form", { className: "card", onsubmit: submit },
    el("h2", {}, t(link.purpose === "invitation" ? "welcome" : "newPassword")),
    el("label", {}, t("password"), password("password")),
    el("label", {}, t("passwordAgain"), password("again")),
    el("button", { className: "primary", type: "submit" }, t("setPassword"))));
}

function forgotView() {
  const submit = async (event) => {
    event.preventDefault();
    try {
      await gql(op.RequestPasswordReset,
        { i: { email: new FormData(event.target).get("email") } });
      main.replaceChildren(el("section", { className: "card" }, el("p", {}, t("resetSent")),
        el("button", { className: "primary", onclick: loginView }, t("signIn"))));
    } catch (error) { showError(error); }
  };
  main.replaceChildren(el("form", { className: "card", onsubmit: submit },
    el("h2", {}, t("forgot")),
    el("label", {}, t("email"), el("input", { name: "email", type: "email", required: true })),
    el("button", { className: "primary", type: "submit" }, t("sendLink")),
    el("button", { type: "button", onclick: loginView }, t("back"))));
}

function statsCard(progress) {
  const stat = (label, value) => el("div", {}, el("b", {}, String(value)), el("span", { className: "muted" }, label));
  return el("section", { className: "card stats" },
    stat(t("streak"), `${progress.streak}${progress.doneToday ? " ✓" : ""}`), stat(t("freezes"), progress.freezes),
    stat(t("xp"), `${progress.xp} / ${progress.xpForNextLevel}`), stat(t("level"), progress.level));
}

async function todayView() {
  const { today } = await gql(op.Today, { l: locale() });
  const lessonCard = today.lesson
    ? el("section", { className: "card" },
        el("p", { className: "muted" }, `${t("reason")[today.reason] || ""} · ${today.minutes} ${t("minutes")}`),
        el("h2", {}, today.lesson.title), el("p", {}, today.lesson.summary),
        today.session?.completedAt
          ? el("p", {}, `${t("done")} ${t("gained")}: ${today.session.xpAwarded}`)
          : el("button", { className: "primary", onclick: () => lessonPlayer(today) }, t("start")))
    : el("section", { className: "card" }, el("p", {}, t("nothing")));
  const reviews = today.reviewItems.length
    ? el("section", { className: "card" }, el("h3", {}, t("reviews")), el("p", { className: "muted" }, t("reviewHint")),
        ...today.reviewItems.map((item) => itemBlock(item, null)))
    : null;
  main.replaceChildren(...[statsCard(today.progress), lessonCard, reviews].filter(Boolean));
}

function itemBlock(item, sessionId, onAnswered = () => {}) {
  const block = el("div", { className: "item" });
  if (item.context) block.append(el("p", { className: "muted" }, item.context));
  block.append(el("p", {}, el("b", {}, item.question)));
  const buttons = item.options.map((text, index) => el("button", { className: "option", onclick: () => answer(index) }, text));
  block.append(...buttons);
  async function answer(choice) {
    try {
      const { answerItem } = await gql(op.AnswerItem,
        { i: { itemId: item.id, choice, sessionId, clientMutationId: actionId(`answer:${sessionId}:${item.id}`) } });
      buttons.forEach((b, i) => { b.disabled = true; if (i === answerItem.correctOption) b.classList.add("right"); });
      if (!answerItem.correct) buttons[choice].classList.add("wrong");
      block.append(el("p", {}, el("b", {}, answerItem.correct ? t("correct") : t("wrong")), " ", answerItem.explanation));
      onAnswered(answerItem);
    } catch (error) { showError(error); }
  }
  return block;
}

async function lessonPlayer(today) {
  const { startLesson: session } = await gql(op.StartLesson,
    { i: { lessonId: today.lesson.id, clientMutationId: actionId(`start:${today.date}:${today.lesson.id}`) } });
  const steps = [...today.lesson.cards.map((card) => ({ card })), ...session.items.map((item) => ({ item }))];
  let index = 0;
  const show = () => {
    const step = steps[index];
    const next = el("button", { className: "primary", onclick: () => (index < steps.length - 1 ? (index++, show()) : finish()) },
      index < steps.length - 1 ? t("next") : t("finish"));
    const body = step.card
      ? el("div", {}, el("h2", {}, step.card.title), ...step.card.body.split("\n\n").map((p) => el("p", {}, p)),
          el("p", { className: "muted" }, `${step.card.minutes} ${t("minutes")}`))
      : itemBlock(step.item, session.id, () => (next.disabled = false));
    if (step.item) next.disabled = true;
    main.replaceChildren(el("section", { className: "card" },
      el("p", { className: "muted" }, `${index + 1} / ${steps.length}`), body, next));
  };
  const finish = async () => {
    try {
      const { completeLesson } = await gql(op.CompleteLesson,
        { i: { sessionId: session.id, clientMutationId: actionId(`complete:${session.id}`) } });
      main.replaceChildren(el("section", { className: "card" },
        el("h2", {}, completeLesson.passed ? t("passed") : t("notPassed")),
        el("p", {}, `${completeLesson.correctCount} / ${completeLesson.itemCount} · ${t("gained")}: ${completeLesson.xpGained}`),
        el("p", {}, `${t("streak")}: ${completeLesson.progress.streak}`),
        el("button", { className: "primary", onclick: todayView }, t("today"))));
    } catch (error) { showError(error); }
  };
  show();
}

async function teamView() {
  const data = await gql(op.Team, { l: locale() });
  const people = data.employees.items.filter((p) => p.id !== state.me.id);
  const rows = people.map((p) => el("tr", {},
    el("td", {}, el("input", { type: "checkbox", value: p.id, style: "width:auto" })), el("td", {}, p.name, el("div", { className: "muted" }, p.jobTitle)),
    el("td", {}, `${p.progress.streak}${p.progress.doneToday ? " ✓" : ""}`), el("td", {}, `${p.progress.xp} (${p.progress.level})`),
    el("td", {}, p.openAssignments.map((a) => `${a.lesson.title}${a.dueDate ? ` · ${a.dueDate}` : ""}`).join(", "))));
  const lessonSelect = el("select", {}, ...data.lessons.items.map((l) => el("option", { value: l.id }, l.title)));
  const due = el("input", { type: "date" });
  const assign = async () => {
    const ids = [...main.querySelectorAll("tbody input:checked")].map((box) => box.value);
    if (!ids.length) return;
    try {
      await gql(op.AssignLesson,
        { i: { employeeIds: ids, lessonId: lessonSelect.value, dueDate: due.value || null,
               clientMutationId: actionId(`assign:${lessonSelect.value}:${ids.join()}:${due.value}`) } });
      await teamView();
    } catch (error) { showError(error); }
  };
  main.replaceChildren(el("section", { className: "card" },
    el("table", {}, el("thead", {}, el("tr", {}, el("th"), el("th", {}, t("person")), el("th", {}, t("streak")),
      el("th", {}, `${t("xp")} (${t("level")})`), el("th", {}, t("openAssignments")))), el("tbody", {}, ...rows))),
    el("section", { className: "card" }, el("h3", {}, t("assign")), el("label", {}, t("lesson"), lessonSelect),
      el("label", {}, t("due"), due), el("button", { className: "primary", onclick: assign }, t("assign"))));
}

async function start() {
  const link = linkFromHash();
  if (link) return setPasswordView(link);
  if (!localStorage.getItem("serviceloop.token")) return loginView();
  try {
    state.me = (await gql(op.Me)).me;
  } catch (error) {
    localStorage.removeItem("serviceloop.token");
    return loginView();
  }
  if (!localStorage.getItem("serviceloop.locale")) state.locale = state.me.locale;
  document.getElementById("nav").hidden = false;
  document.querySelector('[data-view="team"]').hidden = state.me.role === "employee";
  translateChrome();
  await todayView();
}

document.querySelector('[data-view="today"]').onclick = () => todayView().catch(showError);
document.querySelector('[data-view="team"]').onclick = () => teamView().catch(showError);
document.getElementById("lang").onclick = () => {
  state.locale = state.locale === "et" ? "en" : "et";
  localStorage.setItem("serviceloop.locale", state.locale);
  translateChrome();
  todayView().catch(showError);
};
document.getElementById("logout").onclick = () => { localStorage.removeItem("serviceloop.token"); loginView(); };
translateChrome();
start();
