// The public feedback form: reached by the code printed as a QR code; no sign-in.
import { gql, switchLocale, t, locale, WHAT_WENT_WRONG } from "./i18n.js";
import * as op from "./operations.js";

const main = document.getElementById("main");
const code = new URLSearchParams(location.search).get("code") || "";
const field = (label, input) => { const l = document.createElement("label"); l.append(label, input); return l; };
const input = (name, type = "text", extra = {}) => Object.assign(document.createElement("input"), { name, type, ...extra });

// "What went wrong?": native radio buttons in a fieldset, so arrow keys move between them and a screen reader
// reads the question with each answer; shown for complaints only.
function whatWentWrong() {
  const set = document.createElement("fieldset");
  set.className = "choices";
  set.append(Object.assign(document.createElement("legend"), { textContent: t("whatWentWrong") }));
  for (const [value, label] of [["", t("notSaying")], ...WHAT_WENT_WRONG.map((c) => [c, t(c)])]) {
    const choice = Object.assign(field("", input("category", "radio", { value, checked: value === "" })), { className: "check" });
    choice.append(label);
    set.append(choice);
  }
  return set;
}

async function render() {
  document.documentElement.lang = locale;
  document.getElementById("lang").textContent = t("other");
  let target;
  try {
    target = (await gql(op.PublicCode, { c: code })).publicCode;
  } catch (error) { target = null; }
  if (!target) { main.innerHTML = `<section class="card"><p class="error">${t("badCode")}</p></section>`; return; }
  const form = document.createElement("form");
  form.className = "card";
  const who = target.location ? `${t("at")}: ${target.location}` : `${t("about")} ${target.firstName} (${target.jobTitle})`;
  form.innerHTML = `<h2>${t("title")}</h2><p class="muted"></p>`;
  form.querySelector("p").textContent = who;
  const kind = document.createElement("select");
  kind.name = "kind";
  for (const k of ["PRAISE", "COMPLAINT", "SUGGESTION"]) kind.append(new Option(t(k.toLowerCase()), k));
  const category = whatWentWrong();
  const showCategory = () => { category.hidden = kind.value !== "COMPLAINT"; };
  kind.onchange = showCategory;
  showCategory();
  const body = document.createElement("textarea");
  Object.assign(body, { name: "body", maxLength: 2000, rows: 5 });
  body.style.width = "100%";
  // The honeypot: hidden from people, filled by bots.
  const trap = input("website", "text", { tabIndex: -1, autocomplete: "off" });
  trap.style.display = "none";
  form.append(
    field(t("kind"), kind),
    category,
    field(t("rating"), input("rating", "number", { min: 1, max: 5 })),
    field(t("message"), body),
    Object.assign(document.createElement("h3"), { textContent: t("contactTitle") }),
    field(t("name"), input("name", "text", { maxLength: 200 })),
    field(t("email"), input("email", "email", { maxLength: 254 })),
    field(t("phone"), input("phone", "tel", { maxLength: 40 })),
    Object.assign(field("", input("consent", "checkbox")), { className: "check" }),
    trap,
    Object.assign(document.createElement("button"), { className: "primary", type: "submit", textContent: t("send") }),
  );
  form.querySelector("label.check").append(t("consent"));
  form.onsubmit = async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const contact = { name: data.get("name") || null, email: data.get("email") || null, phone: data.get("phone") || null };
    try {
      await gql(op.SubmitPublicFeedback, { i: {
        code, kind: data.get("kind"),
        category: data.get("kind") === "COMPLAINT" && data.get("category") ? data.get("category") : null, rating: data.get("rating") ? Number(data.get("rating")) : null,
        body: data.get("body") || null, contact: contact.name || contact.email || contact.phone ? contact : null,
        consent: data.get("consent") === "on", website: data.get("website") || null } });
      main.innerHTML = `<section class="card"><h2>${t("thanks")}</h2></section>`;
    } catch (error) {
      const p = form.querySelector(".error") || form.appendChild(Object.assign(document.createElement("p"), { className: "error" }));
      p.textContent = error.message;
    }
  };
  main.replaceChildren(form);
}

document.getElementById("lang").onclick = () => { switchLocale(); render(); };
render();
