"use strict";
(function () {
  // The prefixes every tab declares, given by the page (from lexkg.vocab).
  const PREFIXES = JSON.parse(document.getElementById("lexkg-prefixes").textContent);
  const PROLOGUE = PREFIXES.map(([p, iri]) => `PREFIX ${p}: <${iri}>`).join("\n");
  const NEW_TAB_QUERY = `${PROLOGUE}\n\nSELECT * WHERE {\n  ?s ?p ?o .\n}\nLIMIT 10\n`;

  // The page's language (the server's choice: ?lang=, else Accept-Language), else the
  // browser's first among nl, de, en; and the graph's (nl, de).
  const LANG = (() => {
    const own = document.documentElement.lang;
    if (["nl", "de", "en"].includes(own)) return own;
    const tags = navigator.languages && navigator.languages.length
      ? navigator.languages : [navigator.language || "en"];
    for (const tag of tags) {
      const primary = String(tag).toLowerCase().split("-")[0];
      if (["nl", "de", "en"].includes(primary)) return primary;
    }
    return "en";
  })();
  const TEXT_LANG = LANG === "de" ? "de" : "nl";

  const ARTICLES = {
    id: "lexkg-articles",
    names: {
      nl: "Artikelen van 2024/1732",
      de: "Artikel der VO 2024/1732",
      en: "Articles of 2024/1732",
    },
    query: `${PROLOGUE}

# The articles of Regulation (EU) 2024/1732, each with its Dutch and German text.
SELECT ?article ?number ?nl ?de WHERE {
  ?article eli:is_part_of <http://data.europa.eu/eli/reg/2024/1732/oj> ; eli:number ?number ;
           lkg:order ?order ; eli:type_subdivision ?kind ;
           eli:is_realized_by ?expressionNl, ?expressionDe .
  ?expressionNl lkg:text ?nl . FILTER (LANG(?nl) = "nl")
  ?expressionDe lkg:text ?de . FILTER (LANG(?de) = "de")
  FILTER (?kind = <http://publications.europa.eu/resource/authority/subdivision/ART>)
}
ORDER BY ?order
`,
  };

  const status = document.getElementById("status");
  function say(message, error) {
    status.textContent = message;
    status.classList.toggle("error", Boolean(error));
  }

  const Yasgui = window.Yasgui;
  if (!Yasgui) {
    say("The editor's script did not load: run `make setup` and restart the server.", true);
    return;
  }
  const endpoint = new URL("sparql", document.baseURI).href;

  // Completion of prefixes knows the six above first; completion of terms from Linked Open
  // Vocabularies (the "property" and "class" completers) would ask another host: left out.
  const bundled = Yasgui.Yasqe.Autocompleters.prefixes;
  Yasgui.Yasqe.forkAutocompleter("prefixes", {
    name: "lexkgPrefixes",
    persistenceId: "lexkg-prefixes",
    get: (yasqe) => Promise.resolve(bundled.get(yasqe)).then((others) => {
      const own = PREFIXES.map(([p, iri]) => `${p}: <${iri}>`);
      const taken = new Set(PREFIXES.map(([p]) => `${p}:`));
      return own.concat((others || []).filter((line) => !taken.has(line.split(" ")[0])));
    }),
  }, false);
  Yasgui.Yasqe.defaults.autocompleters = ["variables", "lexkgPrefixes"];

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint },
    copyEndpointOnNewTab: true,
    persistenceId: "lexkg-yasgui",
    autoAddOnInit: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint }] },
    yasqe: { value: NEW_TAB_QUERY },
  });
  window.yasgui = yasgui;  // for the browser's console

  // An example tab is opened unless a tab of its id is open (then it is left as the user
  // edited it); one the user closed comes back on the next visit.
  function example(id, name, query, atIndex) {
    const open = yasgui.getTab(id);
    if (open) return open;
    const config = { id, name, yasqe: { value: query }, requestConfig: { endpoint } };
    return yasgui.addTab(!yasgui.getTab(), config, atIndex === undefined ? {} : { atIndex });
  }

  // A named query's parameters, from /queries: [{name, type, description, default?}, ...] or
  // {name: {type, description}} or lines "name: type  description" as the .rq file states them.
  function parameters(params) {
    if (!params) return [];
    const list = Array.isArray(params) ? params : Object.entries(params).map(([name, p]) =>
      p && typeof p === "object" ? { name, ...p } : { name, description: String(p) });
    return list.map((p) => {
      if (typeof p === "string") {
        const m = /^\s*[?$]?([\w-]+)\s*:\s*(\S+)\s*(.*)$/.exec(p);
        p = m ? { name: m[1], type: m[2], description: m[3] } : { name: p };
      }
      return {
        name: String(p.name || "").replace(/^[?$]/, ""),
        type: String(p.type || p.datatype || "").toLowerCase(),
        description: String(p.description || p.comment || "").trim(),
        value: p.default ?? p.example ?? p.value,
      };
    }).filter((p) => /^[\w-]+$/.test(p.name));
  }

  // An example value as a SPARQL term: the stated default or example, else the one the
  // description gives ("e.g. https://…", "e.g. 188"), else for a language the graph's language.
  function term(p) {
    let value = p.value;
    if (value === undefined || value === null || value === "") {
      const iri = /https?:\/\/[^\s<>"]+/.exec(p.description);
      const example = /\be\.g\.,?\s+["'<]?([^\s"'<>]+)/.exec(p.description);
      if (p.type === "iri" && iri) value = iri[0];
      else if (example) value = example[1];
      else if (p.type.startsWith("lang") || p.name === "lang") value = TEXT_LANG;
      else return null;
      value = value.replace(/[.,;:)]+$/, "");
    }
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    value = String(value).replace(/^<(.*)>$/, "$1");
    if (["iri", "uri", "url"].includes(p.type) || (!p.type && /^https?:\/\//.test(value))) {
      return `<${value}>`;
    }
    if (p.type === "integer" && /^[+-]?[0-9]+$/.test(value)) return value;
    return JSON.stringify(value);
  }

  // The query with its parameters explained and bound to example values at the start of its
  // WHERE clause (where a FILTER in an OPTIONAL sees them), so that the tab runs as it is.
  function withParameters(text, params) {
    if (!params.length) return text;
    const lines = ["# Parameters, bound to example values: change them here."];
    const bound = [];
    for (const p of params) {
      lines.push(`#   ?${p.name}${p.type ? ` (${p.type})` : ""}: ${p.description}`.trimEnd());
      const value = term(p);
      if (value !== null) bound.push([p.name, value]);
    }
    if (bound.length) {
      const vars = bound.map(([name]) => `?${name}`).join(" ");
      lines.push(`VALUES (${vars}) { (${bound.map(([, value]) => value).join(" ")}) }`);
    }
    // Find the clause's brace outside comment lines.
    const masked = text.split("\n").map((l) => (/^\s*#/.test(l) ? " ".repeat(l.length) : l));
    const m = /\bWHERE\s*\{/i.exec(masked.join("\n")) || /\{/.exec(masked.join("\n"));
    if (!m) return `${lines.join("\n")}\n${text}`;
    const at = m.index + m[0].length;
    return `${text.slice(0, at)}\n${lines.map((l) => `  ${l}`).join("\n")}${text.slice(at)}`;
  }

  // The tab's text: the file's `#+` header (titles in three languages, parameters) gives way to
  // the title, the description and the file's name; parameters are explained where bound.
  function tabText(q, text) {
    const lines = text.split("\n");
    let start = 0;
    while (start < lines.length && lines[start].startsWith("#+")) start += 1;
    const head = [title(q), ...wrap(q.description || "", 80), `(queries/${q.name}.rq)`];
    const body = withParameters(lines.slice(start).join("\n"), parameters(q.params));
    return `${head.map((l) => `# ${l}`).join("\n")}\n${body}`;
  }

  function wrap(text, width) {
    const out = [];
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const last = out.length - 1;
      if (last >= 0 && out[last].length + word.length < width) out[last] += ` ${word}`;
      else out.push(word);
    }
    return out;
  }

  function title(q) {
    const titles = q.titles || {};
    return titles[LANG] || titles.en || q.title || q.name;
  }

  function checked(response, what) {
    if (!response.ok) throw new Error(`${what}: HTTP ${response.status}`);
    return response;
  }

  example(ARTICLES.id, ARTICLES.names[LANG], ARTICLES.query, 0);

  (async () => {
    try {
      const listing = await fetch("queries", { headers: { Accept: "application/json" } });
      const listed = await checked(listing, "queries").json();
      const queries = Array.isArray(listed) ? listed : listed.queries || [];
      const texts = await Promise.all(queries.map(async (q) => {
        const url = `queries/${encodeURIComponent(q.name)}.rq`;
        return checked(await fetch(url), url).text();
      }));
      queries.forEach((q, i) => {
        example(`lexkg-query-${q.name}`, title(q), tabText(q, texts[i]));
      });
      say(`${queries.length} named ${queries.length === 1 ? "query" : "queries"} ` +
          "in tabs; run a query with the ▶ button or Ctrl+Enter.");
    } catch (error) {
      say(`The named queries could not be loaded (${error.message}).`, true);
    }
  })();
})();
