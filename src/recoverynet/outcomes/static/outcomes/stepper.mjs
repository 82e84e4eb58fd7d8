// One question per screen, for browsers with JavaScript: the form is one page without it. Each
// question is shown on its own with "Next" and "Back"; the last screen has the send and save
// buttons. Focus moves to the new question's legend so keyboard and screen-reader users follow.
const form = document.querySelector("form[data-stepper]");
if (form) {
  const questions = Array.from(form.querySelectorAll("[data-question]"));
  const buttons = form.querySelector("[data-stepper-buttons]");
  const withError = questions.findIndex((q) => q.querySelector(".nhsuk-error-message"));
  let current = withError >= 0 ? withError : 0;
  const nav = document.createElement("div");
  nav.className = "nhsuk-button-group";
  const back = document.createElement("button");
  back.type = "button";
  back.className = "nhsuk-button nhsuk-button--secondary";
  back.textContent = "Back";
  const next = document.createElement("button");
  next.type = "button";
  next.className = "nhsuk-button";
  next.textContent = "Next question";
  next.dataset.stepperNext = "";
  nav.append(next, back);
  buttons.before(nav);

  const show = (index, focus) => {
    current = index;
    questions.forEach((q, i) => { q.hidden = i !== index; });
    back.hidden = index === 0;
    const last = index === questions.length - 1;
    next.hidden = last;
    buttons.hidden = !last;
    save.hidden = last;
    if (focus) {
      const legend = questions[index].querySelector("legend");
      legend.setAttribute("tabindex", "-1");
      legend.focus();
    }
  };
  next.addEventListener("click", () => show(Math.min(current + 1, questions.length - 1), true));
  back.addEventListener("click", () => show(Math.max(current - 1, 0), true));
  // The save button stays reachable on every screen.
  const save = buttons.querySelector("button[value=save]").cloneNode(true);
  nav.append(save);
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.type === "radio" && current < questions.length - 1) {
      event.preventDefault();
      show(current + 1, true);
    }
  });
  show(current, withError >= 0);
}
