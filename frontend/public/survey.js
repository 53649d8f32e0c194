// The follow-up survey after a resolved complaint: CSAT 1-5 and NPS 0-10, reached by its token; no sign-in.
import { gql, switchLocale, t, locale } from "./i18n.js";
import * as op from "./operations.js";

const main = document.getElementById("main");
const token = new URLSearchParams(location.search).get("token") || "";

async function render() {
  document.documentElement.lang = locale;
  document.getElementById("lang").textContent = t("other");
  let survey = null;
  try { survey = (await gql(op.PublicSurvey, { t: token })).publicSurvey; }
  catch (error) { survey = null; }
  if (!survey || survey.state !== "OPEN") {
    main.innerHTML = `<section class="card"><p>${survey?.state === "ANSWERED" ? t("surveyThanks") : t("surveyClosed")}</p></section>`;
    return;
  }
  const form = document.createElement("form");
  form.className = "card";
  form.innerHTML = `<h2></h2><label></label><label></label><label></label><button class="primary" type="submit"></button>`;
  form.querySelector("h2").textContent = t("surveyTitle");
  const [csat, nps, comment] = form.querySelectorAll("label");
  csat.append(t("csat"), Object.assign(document.createElement("input"), { name: "csat", type: "number", min: 1, max: 5, required: true }));
  nps.append(t("nps"), Object.assign(document.createElement("input"), { name: "nps", type: "number", min: 0, max: 10, required: true }));
  comment.append(t("comment"), Object.assign(document.createElement("input"), { name: "comment", maxLength: 2000 }));
  form.querySelector("button").textContent = t("send");
  form.onsubmit = async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await gql(op.AnswerSurvey, { i: {
        token, csat: Number(data.get("csat")), nps: Number(data.get("nps")), comment: data.get("comment") || null } });
      main.innerHTML = `<section class="card"><h2>${t("surveyThanks")}</h2></section>`;
    } catch (error) {
      const p = form.querySelector(".error") || form.appendChild(Object.assign(document.createElement("p"), { className: "error" }));
      p.textContent = error.message;
    }
  };
  main.replaceChildren(form);
}

document.getElementById("lang").onclick = () => { switchLocale(); render(); };
render();
