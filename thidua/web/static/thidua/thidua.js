// The little behaviour the pages need, here rather than in the templates: the Content-Security-Policy
// allows scripts only from the site's own files (no inline <script>, no onclick="...").

// A button marked data-print prints the page (the certificates).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
