() => {
  const W = document.documentElement.clientWidth;
  const out = [];
  const clipped = (el) => {
    for (let p = el.parentElement; p && !p.classList.contains("wb-app"); p = p.parentElement) {
      const s = getComputedStyle(p);
      if (["auto", "scroll", "hidden"].includes(s.overflowX) && p.getBoundingClientRect().right <= W + 1) return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll(".wb-app *")) {
    if (!el.offsetParent && getComputedStyle(el).position !== "fixed") continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right + window.scrollX > W + 1 && !clipped(el)) {
      out.push((el.tagName + "." + String(el.className).split(" ").slice(0, 3).join(".")).slice(0, 80) + " " + Math.round(r.left + window.scrollX) + "-" + Math.round(r.right + window.scrollX));
    }
  }
  return out;
}
