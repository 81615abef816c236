// First-run setup: suggest the review body (行政复议机关) by level from the agency's name while it is typed,
// as the server does when the field is left empty (agencies.models.review_body_from_name). A value the
// user typed is never replaced.
(function () {
  "use strict";
  var name = document.getElementById("id_agency_name");
  var kind = document.getElementById("id_agency_kind");
  var body = document.getElementById("id_review_body");
  if (!name || !kind || !body) return;
  var auto = body.value === "";
  var notCounty = ["园区", "社区", "景区", "开发区", "校区", "小区", "片区", "库区", "辖区", "城区"];
  function suggest(n, k) {
    n = n.trim();
    if (k === "township" || k === "department") {
      var re = /自治县|县|区|旗|市/g, m, ends = [];
      while ((m = re.exec(n)) !== null) ends.push(m.index + m[0].length);
      for (var i = ends.length - 1; i >= 0; i--) {
        var prefix = n.slice(0, ends[i]), rest = n.slice(ends[i]);
        var bad = notCounty.some(function (w) { return prefix.slice(-w.length) === w; });
        if (prefix.length >= 2 && rest && rest !== "人民政府" && !bad) return prefix + "人民政府";
      }
    } else if (k === "county") {
      var c = /^(.+?(?:自治州|市|州|盟|地区))(.+?(?:自治县|县|区|旗|市))人民政府$/.exec(n);
      if (c) return c[1] + "人民政府";
    }
    return "";
  }
  function update() { if (auto) body.value = suggest(name.value, kind.value); }
  body.addEventListener("input", function () { auto = body.value === ""; });
  name.addEventListener("input", update);
  kind.addEventListener("change", update);
})();
