// String helpers used by every parser; kept locale-free so output is deterministic.
#include "oncomatch/util/strings.hpp"

#include <charconv>

#include <chrono>
#include <ctime>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace oncomatch {

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        auto pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.push_back(s.substr(start));
            break;
        }
        out.push_back(s.substr(start, pos - start));
        start = pos + 1;
    }
    return out;
}

std::vector<std::string> split_copy(std::string_view s, char sep) {
    std::vector<std::string> out;
    for (auto p : split(s, sep)) out.emplace_back(p);
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string to_upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

bool icontains(std::string_view haystack, std::string_view needle) {
    return to_lower(haystack).find(to_lower(needle)) != std::string::npos;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += sep;
        out += parts[i];
    }
    return out;
}

std::optional<double> parse_double(std::string_view s) {
    s = trim(s);
    if (s.empty()) return std::nullopt;
    std::string tmp(s);
    char* end = nullptr;
    double v = std::strtod(tmp.c_str(), &end);
    if (end != tmp.c_str() + tmp.size() || std::isnan(v) || std::isinf(v)) return std::nullopt;
    return v;
}

namespace {

// Four decimals is what a report reader needs. std::to_chars rounds exactly as printf's "%.4f"
// does, without the locale and format parsing. Returns the end of the text in buf.
char* fixed4(double v, char (&buf)[400]) {  // room for the largest double in fixed notation
    return std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 4).ptr;
}

}  // namespace

std::string format_double(double v) {
    // Trailing zeros are trimmed.
    char buf[400];
    std::string s(buf, fixed4(v, buf));
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    if (s == "-0") s = "0";
    return s;
}

double round_as_printed(double v) {
    char buf[400];
    const char* end = fixed4(v, buf);
    double r = 0;
    std::from_chars(buf, end, r);
    return r == 0 ? 0.0 : r;  // "-0.0000" reads as -0; format_double prints it as 0
}

void append_tsv_cell(std::string& out, std::string_view s) {
    for (const char c : s) out += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
}

std::string html_escape(std::string_view s) {
    std::string o;
    o.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': o += "&amp;"; break;
            case '<': o += "&lt;"; break;
            case '>': o += "&gt;"; break;
            case '"': o += "&quot;"; break;
            default: o += c;
        }
    }
    return o;
}

std::string now_utc() {
    auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace oncomatch
