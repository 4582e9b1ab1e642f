// The little behaviour the pages need, here rather than in the templates: the Content-Security-Policy
// allows scripts only from the site's own files (no inline <script>, no onclick="...").

// A button marked data-print prints the page (the certificates).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// A block copied from Excel (rows of tab-separated cells) pasted into one box of a grid of targets
// fills the boxes to its right and below, as it would in the sheet; a single value pastes as usual.
document.addEventListener("paste", (event) => {
  const box = event.target.closest && event.target.closest("table[data-paste-grid] input[data-row]");
  if (!box) {
    return;
  }
  const text = (event.clipboardData || window.clipboardData).getData("text").replace(/(\r?\n)+$/, "");
  if (!/[\t\n]/.test(text)) {
    return;
  }
  event.preventDefault();
  const grid = box.closest("table");
  const row = Number(box.dataset.row);
  const col = Number(box.dataset.col);
  text.split(/\r?\n/).forEach((line, i) => {
    line.split("\t").forEach((value, j) => {
      const target = grid.querySelector(`input[data-row="${row + i}"][data-col="${col + j}"]`);
      if (target) {
        target.value = value.trim();
      }
    });
  });
});

// A button marked data-copy="#id" copies that box's text (a new API token, shown once).
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest("[data-copy]");
  if (!button) {
    return;
  }
  const box = document.querySelector(button.dataset.copy);
  if (!box) {
    return;
  }
  const done = () => {
    button.textContent = button.dataset.copied || button.textContent;
  };
  box.select && box.select();
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(box.value || box.textContent).then(done, () => {
      document.execCommand("copy") && done();
    });
  } else if (document.execCommand("copy")) {
    done();
  }
});
