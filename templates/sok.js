// Söksidans sökning (sok.html): Pagefinds index i pagefind/, i webbläsaren,
// utan server. Träffarna skrivs som text; bara utdragets <mark> behålls.
const form = document.getElementById("sok");
const input = document.getElementById("sokord");
const status = document.getElementById("sokstatus");
const list = document.getElementById("traffar");
const root = new URL(".", import.meta.url);
let pagefind = null;

async function engine() {
  if (!pagefind) {
    pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    await pagefind.options({ baseUrl: root.pathname });
  }
  return pagefind;
}

// The excerpt as nodes: its text, and its <mark> elements as marks.
function excerpt(html) {
  const parsed = new DOMParser().parseFromString(html, "text/html");
  const out = document.createElement("p");
  for (const node of parsed.body.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function result(data) {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const about = document.createElement("p");
  about.className = "uppgift";
  about.textContent = [data.meta.typ, data.meta.namnd].filter(Boolean).join(" · ");
  item.append(heading, about, excerpt(data.excerpt || ""));
  return item;
}

async function search(term) {
  list.replaceChildren();
  if (!term.trim()) {
    status.textContent = "";
    return;
  }
  status.textContent = "Söker …";
  try {
    const found = await (await engine()).search(term);
    const shown = await Promise.all(found.results.slice(0, 50).map((r) => r.data()));
    list.replaceChildren(...shown.map(result));
    const n = found.results.length;
    status.textContent =
      n === 0 ? `Inga träffar på ”${term}”.`
      : n === 1 ? `1 träff på ”${term}”.`
      : n > shown.length ? `${n} träffar på ”${term}”; de ${shown.length} bästa visas.`
      : `${n} träffar på ”${term}”.`;
  } catch (error) {
    status.textContent = "Sökningen kunde inte göras. Använd listorna nedan.";
    console.error(error);
  }
}

form.hidden = false;
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const term = input.value;
  const url = new URL(location.href);
  url.searchParams.set("q", term);
  history.replaceState(null, "", url);
  search(term);
});
const asked = new URLSearchParams(location.search).get("q");
if (asked) {
  input.value = asked;
  search(asked);
}
