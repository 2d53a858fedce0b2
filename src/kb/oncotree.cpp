// OncoTree hierarchy queries used for tumour-type matching of evidence and trials.
#include "oncomatch/kb/oncotree.hpp"

#include "oncomatch/util/strings.hpp"

namespace oncomatch::kb {

void OncoTree::add(TumourType t) {
    by_upper_[to_upper(t.code)] = t.code;
    by_code_[t.code] = types_.size();
    types_.push_back(std::move(t));
}

bool OncoTree::is_special(std::string_view code) {
    return code == "_SOLID_" || code == "_LIQUID_" || code == "_ALL_";
}

std::optional<std::string> OncoTree::canonical_code(std::string_view code) const {
    if (is_special(code)) return std::string(code);
    if (by_code_.count(std::string(code))) return std::string(code);
    auto it = by_upper_.find(to_upper(code));
    if (it != by_upper_.end()) return it->second;
    return std::nullopt;
}

const TumourType* OncoTree::find(std::string_view code) const {
    auto it = by_code_.find(std::string(code));
    return it == by_code_.end() ? nullptr : &types_[it->second];
}

bool OncoTree::is_liquid(std::string_view code) const {
    const auto* t = find(code);
    if (!t) return false;
    return t->tissue == "Lymphoid" || t->tissue == "Myeloid";
}

bool OncoTree::covers(std::string_view ancestor, std::string_view code) const {
    if (ancestor == "_ALL_") return true;
    if (ancestor == "_SOLID_") return find(code) && !is_liquid(code) && code != "TISSUE";
    if (ancestor == "_LIQUID_") return is_liquid(code);
    std::string cur(code);
    for (int guard = 0; guard < 64 && !cur.empty(); ++guard) {
        if (cur == ancestor) return true;
        const auto* t = find(cur);
        if (!t) return false;
        cur = t->parent;
    }
    return false;
}

std::vector<std::string> OncoTree::lineage(std::string_view code) const {
    std::vector<std::string> path;
    std::string cur(code);
    for (int guard = 0; guard < 64 && !cur.empty() && cur != "TISSUE"; ++guard) {
        path.insert(path.begin(), cur);
        const auto* t = find(cur);
        if (!t) break;
        cur = t->parent;
    }
    return path;
}

}  // namespace oncomatch::kb
