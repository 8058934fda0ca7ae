/// The style sheet and script that `HTMLDigest` inlines: no fonts, images or code are
/// fetched, and the page's Content-Security-Policy (`contentSecurityPolicy`) forbids
/// fetching anything at all.
enum HTMLAssets {
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

    /// System fonts only; tables scroll sideways inside their box on a narrow screen; dark
    /// colours when the reader's system asks for them.
    static let style = """
        :root { --fg: #1d2330; --muted: #5c6577; --bg: #fff; --line: #d8dce3; --head: #f2f4f7;
          --bar: #4a6fa5; --hot: #c62828; --mark: rgba(198, 40, 40, 0.14); --ok: #2e7d32; }
        @media (prefers-color-scheme: dark) {
          :root { --fg: #e4e7ec; --muted: #9aa3b2; --bg: #14171c; --line: #353b45; --head: #1f242c;
            --bar: #7fa2d6; --hot: #ef5350; --mark: rgba(239, 83, 80, 0.2); --ok: #66bb6a; }
        }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
          background: var(--bg); margin: 0 auto; padding: 1rem; max-width: 72rem; }
        h1 { font-size: 1.5rem; margin: 0.2rem 0 0.8rem; }
        h1.clean { color: var(--ok); } h1.alert { color: var(--hot); }
        h2 { font-size: 1.2rem; margin-top: 1.8rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
        h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
        code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
        pre { background: var(--head); border: 1px solid var(--line); padding: 0.5rem; white-space: pre-wrap;
          overflow-wrap: anywhere; }
        .muted { color: var(--muted); }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; margin: 0.6rem 0; }
        th, td { border: 1px solid var(--line); padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
        th { background: var(--head); cursor: pointer; user-select: none; white-space: nowrap; }
        th[aria-sort="ascending"]::after { content: " \\25B2"; } th[aria-sort="descending"]::after { content: " \\25BC"; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.wide { overflow-wrap: anywhere; min-width: 12rem; }
        td.time { white-space: nowrap; }
        .sev-critical, .sev-high { color: var(--hot); font-weight: 600; }
        svg.rate { display: block; width: 100%; height: 5rem; background: var(--head); border: 1px solid var(--line); }
        svg.rate .bar { fill: var(--bar); } svg.rate .bar.hot { fill: var(--hot); } svg.rate .mark { fill: var(--mark); }
        .axis { display: flex; justify-content: space-between; font-size: 0.8rem; color: var(--muted); }
        figure { margin: 0.4rem 0; } figcaption { font-size: 0.85rem; color: var(--muted); }
        """

    /// Sorts a `table.sortable` by the clicked header (or Enter / Space on it): numbers by
    /// value (a cell's `data-sort`, else its text), other text alphabetically; clicking again
    /// reverses. The sort is stable, so ties keep the digest's order.
    static let script = """
        "use strict";
        function sortKey(cell) {
          var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
          var n = Number(v);
          return v !== "" && !isNaN(n) ? n : v;
        }
        function sortTable(table, th, column) {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = sortKey(a.cells[column]), y = sortKey(b.cells[column]);
            var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
            return ascending ? order : -order;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        }
        Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
          Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
            th.tabIndex = 0;
            th.addEventListener("click", function () { sortTable(table, th, column); });
            th.addEventListener("keydown", function (e) {
              if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortTable(table, th, column); }
            });
          });
        });
        """
}
