#include "reports/report_data.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>

#include "datasets/data_source.h"

namespace nrc {
namespace {

using nlohmann::json;

// "BLOCK[k=v,...]" -> ("BLOCK", "k=v,..."); otherwise ("problems", name).
std::pair<std::string, std::string> SplitName(const std::string& name) {
  const auto open = name.find('[');
  if (open != std::string::npos && open > 0 && name.size() > open + 2 && name.back() == ']') {
    return {name.substr(0, open), name.substr(open + 1, name.size() - open - 2)};
  }
  return {"problems", name};
}

// The label without its "key=..." component (for series names).
std::string WithoutKey(const std::string& label, const std::string& key) {
  std::string out, item;
  std::size_t start = 0;
  while (start <= label.size()) {
    const auto comma = label.find(',', start);
    item = label.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (item.rfind(key + "=", 0) != 0 && !item.empty()) out += (out.empty() ? "" : ",") + item;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string GaussWithoutStd(const GaussianClustersSpec& g) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "gauss:K=%d,d=%d,n=%d,center=%.17g,seed=%llu", g.num_classes, g.dim, g.per_class,
                g.center_scale, static_cast<unsigned long long>(g.seed));
  return buf;
}

// The configuration with the series variable taken out; false if the run
// cannot be in such a series.
bool SeriesKey(const RunAnalysis& r, ReportData::Series::Kind kind, std::string* key, double* x) {
  json c = r.config;
  if (!c.is_object()) return false;
  c.erase("name");
  c["(group)"] = SplitName(r.name).first;  // series stay within a group
  if (kind == ReportData::Series::Kind::kLambda) {
    if (r.lambda_b == r.lambda) c["lambda_b"] = "=lambda";
    c.erase("lambda");
    *x = r.lambda;
  } else {
    if (!c.contains("data") || !c["data"].is_string()) return false;
    const std::string data = c["data"].get<std::string>();
    if (data.rfind("gauss", 0) != 0) return false;
    try {
      const GaussianClustersSpec g = ParseGaussianSource(data);
      c["data"] = GaussWithoutStd(g);
      *x = g.within_std;
    } catch (const std::invalid_argument&) {
      return false;
    }
  }
  *key = c.dump();
  return true;
}

}  // namespace

ReportData ReportData::Build(std::vector<RunAnalysis> runs) {
  ReportData d;
  d.runs = std::move(runs);
  std::set<std::string> names;
  for (const auto& r : d.runs) {
    if (!names.insert(r.name).second) {
      throw std::invalid_argument("two runs are named '" + r.name + "': give them distinct names");
    }
  }
  // Groups.
  std::map<std::string, int> group_index;
  for (int i = 0; i < static_cast<int>(d.runs.size()); ++i) {
    const auto [group, label] = SplitName(d.runs[i].name);
    auto it = group_index.find(group);
    if (it == group_index.end()) {
      it = group_index.emplace(group, static_cast<int>(d.groups.size())).first;
      d.groups.push_back({group, {}, {}});
    }
    d.groups[it->second].runs.push_back(i);
    d.groups[it->second].labels.push_back(label);
  }
  // Series.
  std::set<std::vector<int>> seen;
  std::map<std::string, int> name_count;
  for (auto kind : {Series::Kind::kLambda, Series::Kind::kVariability}) {
    std::vector<std::string> order;
    std::map<std::string, std::vector<std::pair<double, int>>> by_key;
    for (int i = 0; i < static_cast<int>(d.runs.size()); ++i) {
      std::string key;
      double x = 0;
      if (!SeriesKey(d.runs[i], kind, &key, &x) || !(x > 0)) continue;
      auto& v = by_key[key];
      if (v.empty()) order.push_back(key);
      bool duplicate = false;
      for (const auto& p : v) duplicate |= p.first == x;
      if (!duplicate) v.emplace_back(x, i);
    }
    for (const auto& key : order) {
      auto v = by_key[key];
      if (v.size() < 2) continue;
      std::stable_sort(v.begin(), v.end());
      Series s;
      s.kind = kind;
      for (const auto& p : v) {
        s.x.push_back(p.first);
        s.runs.push_back(p.second);
      }
      std::vector<int> sorted_runs = s.runs;
      std::sort(sorted_runs.begin(), sorted_runs.end());
      if (!seen.insert(sorted_runs).second) continue;
      const auto [group, label] = SplitName(d.runs[s.runs.front()].name);
      const std::string var = kind == Series::Kind::kLambda ? "lambda" : "std";
      const std::string rest = group == "problems" ? "" : WithoutKey(label, var);
      s.name = group + (rest.empty() ? "" : " " + rest) + " (" + var + ")";
      const int n = ++name_count[s.name];
      if (n > 1) s.name += " #" + std::to_string(n);
      d.series.push_back(std::move(s));
    }
  }
  // Spectrum figures.
  std::vector<bool> in_series(d.runs.size(), false), chosen(d.runs.size(), false);
  for (const auto& s : d.series) {
    for (int i : s.runs) in_series[i] = true;
    chosen[s.runs.front()] = chosen[s.runs.back()] = true;
  }
  for (int i = 0; i < static_cast<int>(d.runs.size()); ++i) {
    if (!in_series[i] || chosen[i]) d.spectrum_runs.push_back(i);
  }
  return d;
}

int ReportData::Count(Outcome o) const {
  int n = 0;
  for (const auto& r : runs) n += r.Count(o);
  return n;
}

Outcome ReportData::Worst() const {
  Outcome o = Outcome::kHolds;
  for (const auto& r : runs) o = nrc::Worst(o, r.Worst());
  return o;
}

}  // namespace nrc
