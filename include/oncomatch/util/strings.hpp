#pragma once
// Small string helpers shared by the parsers (no allocation where a view will do).
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oncomatch {

std::vector<std::string_view> split(std::string_view s, char sep);
std::vector<std::string> split_copy(std::string_view s, char sep);
std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);
std::string to_upper(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool icontains(std::string_view haystack, std::string_view needle);
std::string join(const std::vector<std::string>& parts, std::string_view sep);

template <typename T>
std::optional<T> parse_number(std::string_view s) {
    T value{};
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
    return value;
}
std::optional<double> parse_double(std::string_view s);

// Text safe inside HTML element content and attribute values (& < > ").
std::string html_escape(std::string_view s);

// The current time as ISO 8601 UTC, e.g. 2026-11-23T09:15:00Z (provenance, logs).
std::string now_utc();

// Fixed formatting for report numbers: shortest round-trip representation, no locale.
std::string format_double(double v);
// The number format_double prints, read back as a double (what the JSON report stores).
double round_as_printed(double v);

// Appends s with tabs and line breaks as spaces: a TSV cell that cannot break its row.
void append_tsv_cell(std::string& out, std::string_view s);
inline std::string tsv_cell(std::string_view s) {
    std::string out;
    append_tsv_cell(out, s);
    return out;
}

}  // namespace oncomatch
