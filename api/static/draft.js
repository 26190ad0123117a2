document.getElementById("copy-md").addEventListener("click", async (e) => {
  const area = document.getElementById("md");
  try { await navigator.clipboard.writeText(area.value); }
  catch { area.select(); document.execCommand("copy"); }
  e.target.textContent = "Copied";
});
