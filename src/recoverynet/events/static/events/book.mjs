// The booking form: after htmx swaps in the delegates with one more (or one fewer), keyboard focus
// moves to the last delegate's first field. Without JavaScript the buttons post the whole form and
// the page comes back with what was typed.
document.body.addEventListener("htmx:load", (event) => {
  const delegates = event.detail && event.detail.elt;
  if (!delegates || delegates.id !== "delegates") return;
  const all = delegates.querySelectorAll("fieldset.rn-delegate");
  const last = all[all.length - 1];
  const first = last && last.querySelector("input[name$='-name']");
  if (first) first.focus();
});
