// Every UI string in Estonian and English; the signed-in employee's locale is the default.
export const TEXT = {
  et: {
    today: "Tänane tund", team: "Minu tiim", logout: "Logi välja", signIn: "Logi sisse", email: "E-post",
    password: "Parool", streak: "Päevi järjest", freezes: "Külmutusi", xp: "XP", level: "Tase",
    minutes: "min", start: "Alusta tundi", next: "Edasi", finish: "Lõpeta tund", reviews: "Kordamine",
    reviewHint: "Varem õpitud küsimused, mis on täna kordamiseks käes.", done: "Tänane tund on tehtud!",
    passed: "Tund läbitud", notPassed: "Proovi homme uuesti", gained: "Teenitud XP", nothing: "Täna pole midagi uut.",
    reason: { ASSIGNED: "Sulle määratud", NEW: "Uus teema", REFRESHER: "Kordamiseks", REVIEW: "Kordamise päev", NONE: "" },
    why: "Miks?", correct: "Õige!", wrong: "Päris nii see polnud.", assign: "Määra tund", due: "Tähtaeg",
    lesson: "Tund", person: "Töötaja", assigned: "Määratud", openAssignments: "Avatud ülesanded",
  },
  en: {
    today: "Today's lesson", team: "My team", logout: "Sign out", signIn: "Sign in", email: "E-mail",
    password: "Password", streak: "Day streak", freezes: "Freezes", xp: "XP", level: "Level",
    minutes: "min", start: "Start the lesson", next: "Next", finish: "Finish the lesson", reviews: "Review",
    reviewHint: "Earlier questions that are due again today.", done: "Today's lesson is done!",
    passed: "Lesson passed", notPassed: "Try again tomorrow", gained: "XP earned", nothing: "Nothing new today.",
    reason: { ASSIGNED: "Assigned to you", NEW: "New topic", REFRESHER: "Refresher", REVIEW: "Review day", NONE: "" },
    why: "Why?", correct: "Right!", wrong: "Not quite.", assign: "Assign a lesson", due: "Due date",
    lesson: "Lesson", person: "Employee", assigned: "Assigned", openAssignments: "Open assignments",
  },
};
