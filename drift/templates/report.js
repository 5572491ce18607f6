// Filters of drift's HTML report (no dependencies). A highlighted piece of text lists its
// differences in data-diffs as "type:score" words; it shows the best-scored one whose type
// is ticked and whose score reaches the minimum, or none. Units hide below the minimum
// drift, or, when asked, when none of their differences is shown.
(function () {
  "use strict";
  const typeBoxes = Array.from(document.querySelectorAll('#bar input[name="type"]'));
  const minScore = document.getElementById("min-score");
  const minDrift = document.getElementById("min-drift");
  const onlyDiff = document.getElementById("only-diff");
  const shown = document.getElementById("shown");
  const marks = Array.from(document.querySelectorAll("mark.d"));
  const units = Array.from(document.querySelectorAll("article.unit"));

  function apply() {
    const types = new Set(typeBoxes.filter((b) => b.checked).map((b) => b.value));
    const scoreFloor = Number(minScore.value);
    const driftFloor = Number(minDrift.value);
    minScore.nextElementSibling.value = scoreFloor.toFixed(2);
    minDrift.nextElementSibling.value = driftFloor.toFixed(2);
    for (const mark of marks) {
      let best = null;
      let bestScore = -1;
      for (const word of mark.dataset.diffs.split(" ")) {
        const cut = word.lastIndexOf(":");
        const type = word.slice(0, cut);
        const score = Number(word.slice(cut + 1));
        if (types.has(type) && score >= scoreFloor && score > bestScore) {
          best = type;
          bestScore = score;
        }
      }
      if (best) mark.dataset.show = best;
      else delete mark.dataset.show;
    }
    let visible = 0;
    for (const unit of units) {
      const drift = Number(unit.dataset.drift);
      const hide = (driftFloor > 0 && drift < driftFloor) ||
        (onlyDiff.checked && !unit.querySelector("mark[data-show]"));
      unit.hidden = hide;
      if (!hide) visible += 1;
    }
    shown.textContent = visible + " of " + units.length + " units shown";
  }

  // A link to a version's text (a closed <details>) opens it.
  function openTarget() {
    const target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  for (const input of [...typeBoxes, minScore, minDrift, onlyDiff]) {
    input.addEventListener("input", apply);
    input.addEventListener("change", apply);
  }
  apply();
})();
