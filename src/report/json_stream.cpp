// Streaming JSON in nlohmann's dump(2) layout (see header).
#include "oncomatch/report/json_stream.hpp"

#include <charconv>
#include <stdexcept>

namespace oncomatch {

void JsonStream::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (stack_.empty()) return;  // the top-level value
    Level& l = stack_.back();
    if (!l.array) throw std::logic_error("JsonStream: a value inside an object needs a key first");
    buf_ += l.empty ? "\n" : ",\n";
    l.empty = false;
    indent(stack_.size());
}

JsonStream& JsonStream::key(std::string_view k) {
    if (stack_.empty() || stack_.back().array || after_key_) throw std::logic_error("JsonStream: a key outside an object");
    Level& l = stack_.back();
    buf_ += l.empty ? "\n" : ",\n";
    l.empty = false;
    indent(stack_.size());
    escaped(k);
    buf_ += ": ";
    after_key_ = true;
    return *this;
}

JsonStream& JsonStream::begin_object() {
    before_value();
    buf_ += '{';
    stack_.push_back({false});
    return *this;
}

JsonStream& JsonStream::begin_array() {
    before_value();
    buf_ += '[';
    stack_.push_back({true});
    return *this;
}

JsonStream& JsonStream::end_object() {
    if (stack_.empty() || stack_.back().array || after_key_) throw std::logic_error("JsonStream: end_object without an open object");
    const bool empty = stack_.back().empty;
    stack_.pop_back();
    if (!empty) {
        buf_ += '\n';
        indent(stack_.size());
    }
    buf_ += '}';
    maybe_flush();
    return *this;
}

JsonStream& JsonStream::end_array() {
    if (stack_.empty() || !stack_.back().array) throw std::logic_error("JsonStream: end_array without an open array");
    const bool empty = stack_.back().empty;
    stack_.pop_back();
    if (!empty) {
        buf_ += '\n';
        indent(stack_.size());
    }
    buf_ += ']';
    maybe_flush();
    return *this;
}

void JsonStream::escaped(std::string_view s) {
    // The usual case (ids, HGVS, consequence terms, keys): nothing to escape, copied whole.
    std::size_t first = 0;
    while (first < s.size()) {
        const auto u = static_cast<unsigned char>(s[first]);
        if (u < 0x20 || u >= 0x80 || u == '"' || u == '\\') break;
        ++first;
    }
    if (first == s.size()) {
        buf_ += '"';
        buf_.append(s);
        buf_ += '"';
        return;
    }
    for (std::size_t i = first; i < s.size(); ++i)
        if (static_cast<unsigned char>(s[i]) >= 0x80) {
            // Non-ASCII: nlohmann's own escaping, which also validates UTF-8 (and throws like dump).
            buf_ += nlohmann::ordered_json(std::string(s)).dump();
            return;
        }
    buf_ += '"';
    // Runs of plain characters (the usual case: ids, HGVS, consequence terms) are copied whole.
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (static_cast<unsigned char>(c) >= 0x20 && c != '"' && c != '\\') continue;
        buf_.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"': buf_ += "\\\""; break;
            case '\\': buf_ += "\\\\"; break;
            case '\b': buf_ += "\\b"; break;
            case '\f': buf_ += "\\f"; break;
            case '\n': buf_ += "\\n"; break;
            case '\r': buf_ += "\\r"; break;
            case '\t': buf_ += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    static const char* hex = "0123456789abcdef";
                    buf_ += "\\u00";
                    buf_ += hex[(c >> 4) & 0xF];
                    buf_ += hex[c & 0xF];
                }
        }
    }
    buf_.append(s.data() + run, s.size() - run);
    buf_ += '"';
}

JsonStream& JsonStream::value(std::string_view s) {
    before_value();
    escaped(s);
    return *this;
}

JsonStream& JsonStream::value(bool b) {
    before_value();
    buf_ += b ? "true" : "false";
    return *this;
}

JsonStream& JsonStream::value(double d) {
    before_value();
    buf_ += nlohmann::ordered_json(d).dump();  // nlohmann's shortest round-trip form (and null for NaN)
    return *this;
}

JsonStream& JsonStream::null() {
    before_value();
    buf_ += "null";
    return *this;
}

void JsonStream::append_int(std::int64_t n) {
    char tmp[24];
    const auto r = std::to_chars(tmp, tmp + sizeof tmp, n);
    buf_.append(tmp, r.ptr);
}

void JsonStream::append_uint(std::uint64_t n) {
    char tmp[24];
    const auto r = std::to_chars(tmp, tmp + sizeof tmp, n);
    buf_.append(tmp, r.ptr);
}

JsonStream& JsonStream::value(const nlohmann::ordered_json& j) {
    before_value();
    const std::string text = j.dump(2);
    // A dumped string never holds a raw newline (it is escaped), so every newline is layout.
    const std::size_t pad = 2 * stack_.size();
    for (const char c : text) {
        buf_ += c;
        if (c == '\n') buf_.append(pad, ' ');
    }
    maybe_flush();
    return *this;
}

JsonStream& JsonStream::strings(const std::vector<std::string>& v) {
    begin_array();
    for (const auto& s : v) value(s);
    return end_array();
}

void JsonStream::flush_buffer() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
}

void JsonStream::finish() {
    if (!stack_.empty() || after_key_) throw std::logic_error("JsonStream: finish with an open container");
    buf_ += '\n';
    flush_buffer();
}

}  // namespace oncomatch
