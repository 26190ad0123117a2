(() => {
  const help = document.getElementById("vis-help");
  const sel = document.getElementById("receiver");
  const update = () => {
    const picked = document.querySelector("input[name=visibility]:checked");
    const name = sel.selectedIndex > 0 ? sel.options[sel.selectedIndex].text : "the receiver";
    help.textContent = picked ? "Visible to: " + picked.dataset.help.replaceAll("{name}", name) : "";
  };
  document.querySelectorAll("input[name=visibility]").forEach(r => r.addEventListener("change", update));
  sel.addEventListener("change", update);
  update();
})();
