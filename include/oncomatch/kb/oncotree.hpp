#pragma once
// OncoTree tumour types with their hierarchy. Evidence written for a code applies to its
// descendants (NSCLC covers LUAD); the special codes _SOLID_, _LIQUID_ and _ALL_ cover every
// solid, haematological or any tumour type.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "oncomatch/kb/model.hpp"

namespace oncomatch::kb {

class OncoTree {
public:
    void add(TumourType t);

    bool empty() const { return types_.empty(); }
    std::size_t size() const { return types_.size(); }
    // Exact code or case-insensitive match; special codes are valid too.
    std::optional<std::string> canonical_code(std::string_view code) const;
    const TumourType* find(std::string_view code) const;
    static bool is_special(std::string_view code);

    // True when `code` is `ancestor` or one of its descendants (special codes included).
    bool covers(std::string_view ancestor, std::string_view code) const;
    bool is_liquid(std::string_view code) const;
    // Path from the root (excluded) to the code, e.g. LUNG > NSCLC > LUAD.
    std::vector<std::string> lineage(std::string_view code) const;
    const std::vector<TumourType>& all() const { return types_; }

private:
    std::vector<TumourType> types_;
    std::unordered_map<std::string, std::size_t> by_code_;
    std::unordered_map<std::string, std::string> by_upper_;
};

}  // namespace oncomatch::kb
