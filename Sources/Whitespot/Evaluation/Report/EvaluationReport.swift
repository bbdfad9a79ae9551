import Foundation

/// The self-contained HTML report of an evaluation (`whitespot evaluate --report FILE.html`).
///
/// One file, inline CSS and SVG, no script and no network: a headline comparison of the
/// delivered list with the strongest baseline, what the list cannot offer and how its deep-sells
/// came true, metric@K curves, a per-segment table, the whitespot
/// map (segment × product-group penetration), coverage, the data profile and every method's
/// hyper-parameters. Every number is tagged with its JSON pointer (see ``ReportNumber``).
public enum EvaluationReport {
    /// The report page for `summary`.
    public static func html(_ summary: EvaluationSummary) -> String {
        var page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        page += "<title>Whitespot evaluation · \(HTML.escape(fileName(summary.orders)))</title>"
        page += "<style>\(css)</style></head><body><main>"
        page += header(summary)
        page += figuresSection(summary)
        page += deliveredListSection(summary)
        page += curvesSection(summary)
        page += segmentSection(summary)
        page += mapSection(summary)
        page += profileSection(summary)
        page += parametersSection(summary)
        page += glossary(summary.k)
        page += "</main></body></html>\n"
        return page
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The CSS class of a method's colour.
    static func colour(_ index: Int) -> String { "m\(index % 6)" }

    static func header(_ s: EvaluationSummary) -> String {
        var out = "<header><p class=\"kicker\">Whitespot evaluation</p>"
        out += "<h1>How well do the recommendations predict what customers buy next?</h1>"
        out += "<p class=\"meta\">\(HTML.escape(fileName(s.orders))) · trained on orders before "
            + "\(HTML.escape(s.cutoff)), tested on the orders from \(HTML.escape(s.cutoff)) on · "
            + "\(ReportNumber.count.html(Double(s.counts.evaluatedCustomers), at: "/counts/evaluatedCustomers")) "
            + "customers bought something new to them after the cutoff</p>"
        if let h = s.headline, let gain = h.gainPercent {
            let who = s.tuning != nil ? "The tuned list your sales team receives" : "The list your sales team receives"
            let direction = gain >= 0 ? "more" : "fewer"
            out += "<p class=\"headline\">\(who) finds "
                + "\(ReportNumber.magnitude.html(gain, at: "/headline/gainPercent", element: "strong")) "
                + "\(direction) of next purchases than the strongest baseline, \(HTML.escape(h.baseline.rawValue)).</p>"
            out += "<p class=\"sub\">In a list of \(s.k) suggestions per customer, the \(HTML.escape(h.method.rawValue)) "
                + "catches \(ReportNumber.percent.html(h.methodValue, at: "/headline/methodValue")) of the products "
                + "each customer bought for the first time after the cutoff; \(HTML.escape(h.baseline.rawValue)) catches "
                + "\(ReportNumber.percent.html(h.baselineValue, at: "/headline/baselineValue")).</p>"
        }
        return out + "</header>"
    }

    static func figuresSection(_ s: EvaluationSummary) -> String {
        var out = "<section><h2>Key figures at K = \(ReportNumber.plain.html(Double(s.k), at: "/k"))</h2>"
        out += "<table class=\"figures\"><thead><tr><th>method</th><th>precision</th><th>recall</th>"
            + "<th>hit rate</th><th>NDCG</th><th>MAP</th><th>coverage</th></tr></thead><tbody>"
        for (i, m) in s.methods.enumerated() {
            out += "<tr><th><span class=\"swatch \(colour(i))\"></span>\(HTML.escape(m.method.rawValue))</th>"
            for (key, value) in m.figures {
                out += ReportNumber.percent.html(value, at: "/methods/\(i)/\(key)", element: "td")
            }
            out += "</tr>"
        }
        out += "</tbody></table>"
        out += "<p class=\"note\">Averages over the evaluated customers. Coverage is the share of the catalogue "
            + "that appears in at least one customer's list.</p></section>"
        return out
    }

    /// What the delivered list may never offer, and its deep-sells judged by their own measure.
    static func deliveredListSection(_ s: EvaluationSummary) -> String {
        guard s.notOffered != nil || s.deepSells != nil else { return "" }
        var out = "<section><h2>The delivered list: what it leaves out, and its deep-sells</h2>"
        if let n = s.notOffered {
            out += "<p class=\"note\">Products bought for the first time after the cutoff that the list may never offer "
                + "(they stay in the figures as misses): "
                + "\(ReportNumber.count.html(Double(n.inactive), at: "/notOffered/inactive")) customer-product pairs of products "
                + "nobody had bought in the active window before the cutoff, and "
                + "\(ReportNumber.count.html(Double(n.variants), at: "/notOffered/variants")) variants of a product the customer "
                + "already bought under another code.</p>"
        }
        if let d = s.deepSells {
            out += "<p class=\"note\">A deep-sell suggestion came true when the customer bought more of the product per year "
                + "in the \(ReportNumber.count.html(Double(d.testDays), at: "/deepSells/testDays")) days after the cutoff than "
                + "before it.</p><table class=\"figures\"><thead><tr><th>deep-sells</th><th>customers</th><th>offered</th>"
                + "<th>came true</th><th>precision</th></tr></thead><tbody>"
            for (i, r) in d.rules.enumerated() {
                out += "<tr><th>\(HTML.escape(r.name))</th>"
                    + ReportNumber.count.html(Double(r.customers), at: "/deepSells/rules/\(i)/customers", element: "td")
                    + ReportNumber.count.html(Double(r.offered), at: "/deepSells/rules/\(i)/offered", element: "td")
                    + ReportNumber.count.html(Double(r.fulfilled), at: "/deepSells/rules/\(i)/fulfilled", element: "td")
                    + ReportNumber.percent.html(r.precision, at: "/deepSells/rules/\(i)/precision", element: "td") + "</tr>"
            }
            out += "</tbody></table>"
        }
        return out + "</section>"
    }

    static func curvesSection(_ s: EvaluationSummary) -> String {
        var out = "<section><h2>Longer lists, more found: metric@K for K = 1…\(s.methods.first?.curve.count ?? 0)</h2>"
        out += "<p class=\"legend\">" + s.methods.enumerated().map { i, m in
            "<span><span class=\"swatch \(colour(i))\"></span>\(HTML.escape(m.method.rawValue))</span>"
        }.joined() + "</p><div class=\"charts\">"
        // One chart per metric (nil: coverage), in this order.
        let charts: [(RankingMetrics.Metric?, String)] = [
            (.recall, "Recall: share of next purchases found"), (.precision, "Precision: share of the list bought"),
            (.hit, "Hit rate: customers with at least one hit"), (.ndcg, "NDCG: hits weighted by rank"),
            (.map, "MAP: average precision"), (nil, "Coverage: share of the catalogue recommended"),
        ]
        for (metric, title) in charts {
            let key = metric?.rawValue ?? "coverage"
            let series = s.methods.enumerated().map { i, m in
                SVGLineChart.Series(
                    cssClass: colour(i), label: m.method.rawValue,
                    values: metric.map { metric in m.curve.map { $0[metric] } } ?? m.coverageCurve,
                    pointers: m.curve.indices.map { "/methods/\(i)/curve/\($0)/\(key)" })
            }
            out += SVGLineChart(title: title, series: series).svg()
        }
        return out + "</div></section>"
    }

    static func segmentSection(_ s: EvaluationSummary) -> String {
        guard let baselineIndex = s.methods.firstIndex(where: { $0.method == .segmentPenetration }),
              let h = s.headline, let modelIndex = s.methods.firstIndex(where: { $0.method == h.method })
        else { return "" }
        let baseline = s.methods[baselineIndex], model = s.methods[modelIndex]
        var out = "<section class=\"scroll\"><h2>Where does the model beat the segment ranking?</h2>"
        out += "<p class=\"note\">Recall@\(s.k) and NDCG@\(s.k) per customer segment (\(HTML.escape(s.segmentSource.rawValue))), "
            + "\(HTML.escape(model.method.rawValue)) against segment-penetration.</p>"
        out += "<table class=\"segments\"><thead><tr><th>segment</th><th>customers evaluated</th>"
            + "<th>recall · segment ranking</th><th>recall · \(HTML.escape(model.method.rawValue))</th>"
            + "<th>NDCG · segment ranking</th><th>NDCG · \(HTML.escape(model.method.rawValue))</th><th>verdict</th></tr></thead><tbody>"
        let order = model.segments.indices.sorted {
            model.segments[$0].customers != model.segments[$1].customers
                ? model.segments[$0].customers > model.segments[$1].customers : $0 < $1
        }
        for j in order {
            let seg = model.segments[j]
            guard let b = baseline.segments.firstIndex(where: { $0.segment == seg.segment }) else { continue }
            let base = baseline.segments[b]
            let verdict = seg.metrics.ndcg > base.metrics.ndcg ? "<span class=\"win\">▲ model better</span>"
                : seg.metrics.ndcg < base.metrics.ndcg ? "<span class=\"loss\">▼ segment ranking better</span>" : "= tie"
            out += "<tr><th>\(HTML.escape(seg.segment))</th>"
                + ReportNumber.count.html(Double(seg.customers), at: "/methods/\(modelIndex)/segments/\(j)/customers", element: "td")
                + ReportNumber.percent.html(base.metrics.recall, at: "/methods/\(baselineIndex)/segments/\(b)/recall", element: "td")
                + ReportNumber.percent.html(seg.metrics.recall, at: "/methods/\(modelIndex)/segments/\(j)/recall", element: "td")
                + ReportNumber.percent.html(base.metrics.ndcg, at: "/methods/\(baselineIndex)/segments/\(b)/ndcg", element: "td")
                + ReportNumber.percent.html(seg.metrics.ndcg, at: "/methods/\(modelIndex)/segments/\(j)/ndcg", element: "td")
                + "<td>\(verdict)</td></tr>"
        }
        return out + "</tbody></table></section>"
    }

    static func mapSection(_ s: EvaluationSummary) -> String {
        let map = s.whitespotMap
        guard !map.groups.isEmpty, !map.segments.isEmpty else { return "" }
        let shares = map.share.flatMap { $0 }
        let low = shares.min() ?? 0, high = shares.max() ?? 0
        var out = "<section><h2>The whitespot map: who buys which \(map.groupKind == "category" ? "category" : "product")</h2>"
        out += "<p class=\"note\">Share of each segment's customers who bought at least one product of the "
            + "\(map.groupKind == "category" ? "category" : "product") before the cutoff. Pale cells in a dark column "
            + "are whitespots: a segment that under-buys what others buy (colour runs from the lowest to the "
            + "highest share on the map). Largest segments and "
            + "\(map.groupKind == "category" ? "categories" : "products") shown.</p>"
        out += "<div class=\"scroll\"><table class=\"heatmap\"><thead><tr><th>segment (customers)</th>"
        for (g, label) in map.groupLabels.enumerated() {
            let short = label.count > 22 ? String(label.prefix(21)) + "…" : label
            out += "<th title=\"\(HTML.escape(map.groups[g])): \(HTML.escape(label))\">\(HTML.escape(short))</th>"
        }
        out += "</tr></thead><tbody>"
        for (r, segment) in map.segments.enumerated() {
            out += "<tr><th>\(HTML.escape(segment)) ("
                + ReportNumber.count.html(Double(map.segmentCustomers[r]), at: "/whitespotMap/segmentCustomers/\(r)") + ")</th>"
            for (c, v) in map.share[r].enumerated() {
                let t = high > low ? (v - low) / (high - low) : 1
                let style = " style=\"background: rgba(13, 110, 110, \(String(format: "%.2f", 0.06 + 0.94 * t)));"
                    + (t > 0.55 ? " color: #fff;" : "") + "\""
                out += ReportNumber.percent.html(v, at: "/whitespotMap/share/\(r)/\(c)", element: "td", attributes: style)
            }
            out += "</tr>"
        }
        return out + "</tbody></table></div></section>"
    }

    static func profileSection(_ s: EvaluationSummary) -> String {
        var out = "<section><h2>The data</h2><dl class=\"profile\">"
        for (i, fact) in s.profile.enumerated() {
            out += "<dt>\(HTML.escape(fact.label))</dt><dd>"
            if let v = fact.value {
                out += ReportNumber.count.html(v, at: "/profile/\(i)/value")
            } else {
                out += HTML.escape(fact.text ?? "")
            }
            out += "</dd>"
        }
        let c = s.counts
        let facts: [(String, Int, String)] = [
            ("Customers before the cutoff", c.customers, "customers"),
            ("Products before the cutoff (the catalogue)", c.products, "products"),
            ("Customer–product purchases before the cutoff", c.trainPairs, "trainPairs"),
            ("Order lines before the cutoff", c.trainLines, "trainLines"),
            ("Order lines from the cutoff on", c.testLines, "testLines"),
            ("Customers evaluated (bought something new to them)", c.evaluatedCustomers, "evaluatedCustomers"),
            ("New customer–product purchases to find", c.testPairs, "testPairs"),
        ]
        for (label, value, key) in facts {
            out += "<dt>\(label)</dt><dd>\(ReportNumber.count.html(Double(value), at: "/counts/\(key)"))</dd>"
        }
        return out + "</dl></section>"
    }

    static func parametersSection(_ s: EvaluationSummary) -> String {
        var out = "<section><h2>Methods and settings</h2><table class=\"params\"><thead><tr><th>method</th>"
            + "<th>settings</th></tr></thead><tbody>"
        for (i, m) in s.methods.enumerated() {
            let settings = m.parameters.map { "\(HTML.escape($0.name)) = " + value($0, at: "/methods/\(i)/parameters") }
            out += "<tr><th><span class=\"swatch \(colour(i))\"></span>\(HTML.escape(m.method.rawValue))</th>"
                + "<td>\(settings.isEmpty ? "none" : settings.joined(separator: ", "))</td></tr>"
        }
        out += "</tbody></table>"
        if let t = s.tuning {
            out += "<h3>Tuning</h3><p class=\"note\">Settings tried on a validation split inside the training period "
                + "(trained before \(HTML.escape(t.validationCutoff)), validated on the "
                + "\(ReportNumber.count.html(Double(t.validationCustomers), at: "/tuning/validationCustomers")) customers "
                + "who bought something new from then until the cutoff; the test period is never looked at). "
                + "Chosen by \(HTML.escape(t.criterion)); the chosen setting was refitted on all training data.</p>"
            if t.keptSimplest {
                out += "<p class=\"note\">The simplest setting (popularity: the penetration term alone, one segment of all "
                    + "customers) is kept: the highest setting, at "
                    + ReportNumber.percent.html(t.trials[t.highest].metrics.ndcg, at: "/tuning/trials/\(t.highest)/ndcg")
                    + ", beats it by no more than one standard error of the per-customer difference.</p>"
            }
            // Columns only for the settings that vary (a setting some trials lack, such as a
            // penetration window, varies); the fixed ones in one sentence.
            var names: [String] = []
            for trial in t.trials { for p in trial.parameters where !names.contains(p.name) { names.append(p.name) } }
            let varying = Set(names.filter { n in Set(t.trials.map { $0.parameters.first { $0.name == n }?.value.description ?? "" }).count > 1 })
            let fixed = t.trials.first?.parameters.filter { !varying.contains($0.name) } ?? []
            if !fixed.isEmpty {
                out += "<p class=\"note\">Fixed in every setting: "
                    + fixed.map { "\(HTML.escape($0.name)) = " + value($0, at: "/tuning/trials/0/parameters") }
                    .joined(separator: ", ") + ".</p>"
            }
            out += "<div class=\"scroll\"><table class=\"grid\"><thead><tr>"
            out += names.filter(varying.contains).map { "<th>\(HTML.escape($0))</th>" }.joined()
            out += "<th>precision</th><th>recall</th><th>NDCG</th><th>MAP</th></tr></thead><tbody>"
            for (j, trial) in t.trials.enumerated() {
                out += "<tr\(j == t.chosen ? " class=\"chosen\"" : "")>"
                for name in names where varying.contains(name) {
                    out += "<td>" + (trial.parameters.first { $0.name == name }.map { value($0, at: "/tuning/trials/\(j)/parameters") } ?? "") + "</td>"
                }
                for metric in [RankingMetrics.Metric.precision, .recall, .ndcg, .map] {
                    out += ReportNumber.percent.html(trial.metrics[metric], at: "/tuning/trials/\(j)/\(metric.rawValue)", element: "td")
                }
                out += "</tr>"
            }
            out += "</tbody></table></div>"
        }
        return out + "</section>"
    }

    /// A hyper-parameter's value: numbers tagged with their JSON pointer under `base`, texts escaped.
    static func value(_ p: MethodParameter, at base: String) -> String {
        switch p.value {
        case .number(let v): return ReportNumber.plain.html(v, at: "\(base)/\(HTML.pointerToken(p.name))")
        case .text(let t): return HTML.escape(t)
        }
    }

    static func glossary(_ k: Int) -> String {
        """
        <section class="glossary"><h2>How to read this</h2><dl>
        <dt>The test</dt><dd>Every method sees only the orders before the cutoff and proposes, for each customer, \
        a list of products that customer has not bought yet. We then look at what customers really bought \
        for the first time after the cutoff. Repeat purchases do not count: the job is to find new products.</dd>
        <dt>segment-penetration</dt><dd>The classic whitespot ranking: offer what the largest share of the \
        customer's segment already buys.</dd>
        <dt>popularity</dt><dd>Offer the best-selling products (most customers) to everyone.</dd>
        <dt>recent popularity, recent segment-penetration</dt><dd>The same two, counting only the last weeks \
        before the cutoff: what sells now.</dd>
        <dt>matrix factorisation, blend</dt><dd>Whitespot's model: products bought by customers with similar \
        baskets (matrix factorisation), blended with the segment's penetration.</dd>
        <dt>delivered list</dt><dd>The list `whitespot score` writes with the same settings: the blend without \
        products nobody buys any more and without variants of what the customer already buys.</dd>
        <dt>Recall</dt><dd>Of the products a customer bought new, the share that was on their list of \(k).</dd>
        <dt>Precision</dt><dd>Of the \(k) suggestions, the share the customer went on to buy.</dd>
        <dt>Hit rate</dt><dd>Share of customers for whom at least one suggestion was right.</dd>
        <dt>NDCG, MAP</dt><dd>Like recall and precision, but a hit near the top of the list counts more.</dd>
        <dt>Coverage</dt><dd>How much of the catalogue gets recommended at all; low coverage means everyone gets the \
        same few products.</dd></dl></section>
        """
    }

    static let css = """
        :root{--ink:#1d2327;--muted:#5f6b73;--line:#dde3e7;--bg:#fbfcfd;}
        *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);
        font:15px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        main{max-width:1100px;margin:0 auto;padding:28px 24px 60px}
        header{border-bottom:1px solid var(--line);padding-bottom:18px;margin-bottom:8px}
        .kicker{text-transform:uppercase;letter-spacing:.08em;color:#0d6e6e;font-weight:600;font-size:12px;margin:0}
        h1{font-size:26px;margin:4px 0 6px}h2{font-size:19px;margin:30px 0 8px}h3{font-size:16px;margin:20px 0 6px}
        .meta,.note{color:var(--muted);font-size:13.5px}.headline{font-size:22px;line-height:1.35;margin:14px 0 4px}
        .headline strong{color:#0d6e6e;font-size:28px}.sub{margin:0;color:var(--ink)}
        table{border-collapse:collapse;font-size:13.5px;background:#fff}
        th,td{border-bottom:1px solid var(--line);padding:5px 10px;text-align:right;white-space:nowrap}
        th:first-child{text-align:left}thead th{color:var(--muted);font-weight:600;text-align:right}
        thead th:first-child{text-align:left}tbody th{font-weight:500}
        .segments thead th{white-space:normal;max-width:120px;vertical-align:bottom}
        .params td{white-space:normal;text-align:left;max-width:760px}
        .heatmap td{text-align:center;min-width:64px;border:1px solid #fff}
        .heatmap thead th{white-space:normal;max-width:90px;text-align:center;font-size:12px;vertical-align:bottom}
        .scroll{overflow-x:auto}.chosen{background:#e6f4f1;font-weight:600}
        .win{color:#0a7a3d}.loss{color:#b3261e}
        .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:14px}
        .chart{width:100%;height:auto;background:#fff;border:1px solid var(--line);border-radius:6px}
        .chart-title{font-size:12.5px;font-weight:600;fill:var(--ink)}.tick,.axis{font-size:10px;fill:var(--muted)}
        .grid{stroke:#eef1f3}.line{fill:none;stroke-width:2}
        .legend span{margin-right:16px;font-size:13.5px}
        .swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:6px;vertical-align:-1px}
        .m0{stroke:#9aa5ad;fill:#9aa5ad;background:#9aa5ad}.m1{stroke:#e07b20;fill:#e07b20;background:#e07b20}
        .m2{stroke:#2f6fd0;fill:#2f6fd0;background:#2f6fd0}.m3{stroke:#0d8a6e;fill:#0d8a6e;background:#0d8a6e}
        .m4{stroke:#8a3fc2;fill:#8a3fc2;background:#8a3fc2}.m5{stroke:#c23f6e;fill:#c23f6e;background:#c23f6e}
        .line.m0,.line.m1,.line.m2,.line.m3,.line.m4,.line.m5{fill:none}
        .profile{display:grid;grid-template-columns:max-content auto;gap:4px 18px;margin:0}
        .profile dt{color:var(--muted)}.profile dd{margin:0;font-variant-numeric:tabular-nums}
        .glossary dt{font-weight:600;margin-top:8px}.glossary dd{margin:0 0 0 0;color:var(--muted)}
        td{font-variant-numeric:tabular-nums}
        """
}
