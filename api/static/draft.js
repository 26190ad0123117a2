// The draft page's "Copy as Markdown": the shareable text leaves out manager-only and private
// items unless the reader ticks the box to copy the full, marked version.
const includeRestricted = document.getElementById("md-include-restricted");
const chosenMarkdown = () =>
  document.getElementById(includeRestricted && includeRestricted.checked ? "md-all" : "md");
if (includeRestricted) {
  includeRestricted.addEventListener("change", () => {
    document.getElementById("md").hidden = includeRestricted.checked;
    document.getElementById("md-all").hidden = !includeRestricted.checked;
  });
}
document.getElementById("copy-md").addEventListener("click", async (e) => {
  const area = chosenMarkdown();
  try { await navigator.clipboard.writeText(area.value); }
  catch { area.select(); document.execCommand("copy"); }
  e.target.textContent = "Copied";
});
