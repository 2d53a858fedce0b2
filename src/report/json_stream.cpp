// Streaming JSON in nlohmann's dump(2) layout (see header).
#include "oncomatch/report/json_stream.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace oncomatch {

namespace {

// Bytes a JSON string cannot hold as they are (control characters, quote, backslash) or that need
// UTF-8 validation (non-ASCII).
constexpr std::array<bool, 256> kSpecial = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c) t[static_cast<std::size_t>(c)] = c < 0x20 || c >= 0x80 || c == '"' || c == '\\';
    return t;
}();

// Length of the leading run of plain bytes: 16 at a time (SSE2, within the string), then one by one.
std::size_t plain_prefix(std::string_view s) {
    const char* p = s.data();
    const std::size_t n = s.size();
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    for (; i + 16 <= n; i += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        // Signed compare: bytes >= 0x80 are negative, so "< 0x20" catches them with the controls.
        const __m128i bad = _mm_or_si128(_mm_cmplt_epi8(x, space), _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)));
        if (const int m = _mm_movemask_epi8(bad)) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(m)));
    }
#endif
    for (; i < n; ++i)
        if (kSpecial[static_cast<unsigned char>(p[i])]) return i;
    return n;
}

}  // namespace

JsonStream::JsonStream(std::ostream& out) : out_(out), buf_(new char[kBlock + 4096]), cap_(kBlock + 4096) {
    cur_ = buf_.get();
    end_ = cur_ + cap_;
}

void JsonStream::grow(std::size_t n) {
    flush_buffer();
    if (n > cap_) {  // one member longer than the block (a long string): a buffer that holds it
        cap_ = n + kBlock;
        buf_.reset(new char[cap_]);
        cur_ = buf_.get();
        end_ = cur_ + cap_;
    }
}

void JsonStream::separator() {
    Level& l = stack_.back();
    const std::size_t pad = 2 * stack_.size();
    reserve(pad + kSpaces + 2);
    if (!l.empty) *cur_++ = ',';
    *cur_++ = '\n';
    indent(pad);
    l.empty = false;
}

void JsonStream::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (stack_.empty()) return;  // the top-level value
    if (!stack_.back().array) throw std::logic_error("JsonStream: a value inside an object needs a key first");
    separator();
}

JsonStream& JsonStream::key(std::string_view k) {
    if (stack_.empty() || stack_.back().array || after_key_) throw std::logic_error("JsonStream: a key outside an object");
    separator();
    escaped(k);
    reserve(2);
    *cur_++ = ':';
    *cur_++ = ' ';
    after_key_ = true;
    return *this;
}

void JsonStream::open_key(std::size_t room) {
    if (stack_.empty() || stack_.back().array || after_key_) throw std::logic_error("JsonStream: a key outside an object");
    separator();
    reserve(room);
}

JsonStream& JsonStream::begin_object() {
    before_value();
    put('{');
    stack_.push_back({false});
    return *this;
}

JsonStream& JsonStream::begin_array() {
    before_value();
    put('[');
    stack_.push_back({true});
    return *this;
}

JsonStream& JsonStream::end_object() {
    if (stack_.empty() || stack_.back().array || after_key_) throw std::logic_error("JsonStream: end_object without an open object");
    return close('}');
}

JsonStream& JsonStream::end_array() {
    if (stack_.empty() || !stack_.back().array) throw std::logic_error("JsonStream: end_array without an open array");
    return close(']');
}

JsonStream& JsonStream::close(char bracket) {
    const bool empty = stack_.back().empty;
    stack_.pop_back();
    const std::size_t pad = 2 * stack_.size();
    reserve(pad + kSpaces + 2);
    if (!empty) {  // members on their own lines: the closing bracket on a line of its own
        *cur_++ = '\n';
        indent(pad);
    }
    *cur_++ = bracket;
    maybe_flush();
    return *this;
}

void JsonStream::indent(std::size_t pad) {
    // Room for pad + kSpaces bytes was reserved: a fixed-size copy (two vector stores) covers the
    // usual depths, then the cursor moves by what was needed.
    static const char spaces[kSpaces + 1] = "                                ";
    if (pad <= kSpaces) {
        std::memcpy(cur_, spaces, kSpaces);
    } else {
        std::memset(cur_, ' ', pad);
    }
    cur_ += pad;
}

void JsonStream::escaped(std::string_view s) {
    // The usual case (ids, HGVS, consequence terms, keys): nothing to escape, copied whole.
    const std::size_t first = plain_prefix(s);
    if (first == s.size()) {
        reserve(s.size() + 2);
        *cur_++ = '"';
        std::memcpy(cur_, s.data(), s.size());
        cur_ += s.size();
        *cur_++ = '"';
        return;
    }
    for (std::size_t i = first; i < s.size(); ++i)
        if (static_cast<unsigned char>(s[i]) >= 0x80) {
            // Non-ASCII: nlohmann's own escaping, which also validates UTF-8 (and throws like dump).
            put(nlohmann::ordered_json(std::string(s)).dump());
            return;
        }
    reserve(6 * s.size() + 2);  // the longest escape (\u00xx) is six bytes a character
    *cur_++ = '"';
    for (const char c : s) {
        switch (c) {
            case '"': *cur_++ = '\\'; *cur_++ = '"'; break;
            case '\\': *cur_++ = '\\'; *cur_++ = '\\'; break;
            case '\b': *cur_++ = '\\'; *cur_++ = 'b'; break;
            case '\f': *cur_++ = '\\'; *cur_++ = 'f'; break;
            case '\n': *cur_++ = '\\'; *cur_++ = 'n'; break;
            case '\r': *cur_++ = '\\'; *cur_++ = 'r'; break;
            case '\t': *cur_++ = '\\'; *cur_++ = 't'; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    static const char* hex = "0123456789abcdef";
                    std::memcpy(cur_, "\\u00", 4);
                    cur_ += 4;
                    *cur_++ = hex[(c >> 4) & 0xF];
                    *cur_++ = hex[c & 0xF];
                } else {
                    *cur_++ = c;
                }
        }
    }
    *cur_++ = '"';
}

JsonStream& JsonStream::value(std::string_view s) {
    before_value();
    escaped(s);
    return *this;
}

JsonStream& JsonStream::value(bool b) {
    before_value();
    put(b ? std::string_view("true") : std::string_view("false"));
    return *this;
}

JsonStream& JsonStream::value(double d) {
    before_value();
    if (!std::isfinite(d)) {  // as nlohmann dumps NaN and infinities
        put("null");
        return *this;
    }
    // nlohmann's own shortest round-trip formatting (Grisu2, printf %g-like layout), without
    // building a json value and a string for each number.
    reserve(64);
    cur_ = nlohmann::detail::to_chars(cur_, cur_ + 64, d);
    return *this;
}

JsonStream& JsonStream::null() {
    before_value();
    put("null");
    return *this;
}

void JsonStream::append_int(std::int64_t n) {
    reserve(24);
    cur_ = std::to_chars(cur_, cur_ + 24, n).ptr;
}

void JsonStream::append_uint(std::uint64_t n) {
    reserve(24);
    cur_ = std::to_chars(cur_, cur_ + 24, n).ptr;
}

void JsonStream::dom(const nlohmann::ordered_json& j) {
    using V = nlohmann::ordered_json::value_t;
    switch (j.type()) {
        case V::object:
            begin_object();
            for (auto it = j.begin(); it != j.end(); ++it) {
                key(it.key());
                dom(*it);
            }
            end_object();
            break;
        case V::array:
            begin_array();
            for (const auto& e : j) dom(e);
            end_array();
            break;
        case V::string: value(j.get_ref<const std::string&>()); break;
        case V::boolean: value(j.get<bool>()); break;
        case V::number_integer: value(j.get<std::int64_t>()); break;
        case V::number_unsigned: value(j.get<std::uint64_t>()); break;
        case V::number_float: value(j.get<double>()); break;
        case V::null: null(); break;
        default: {  // binary or discarded: never in a report; nlohmann's text, re-indented
            before_value();
            const std::string text = j.dump(2);
            const std::size_t pad = 2 * stack_.size();
            for (const char c : text) {
                put(c);
                if (c == '\n') put(std::string(pad, ' '));
            }
        }
    }
}

JsonStream& JsonStream::value(const nlohmann::ordered_json& j) {
    dom(j);
    maybe_flush();
    return *this;
}

JsonStream& JsonStream::strings(const std::vector<std::string>& v) {
    begin_array();
    for (const auto& s : v) value(s);
    return end_array();
}

void JsonStream::flush_buffer() {
    out_.write(buf_.get(), static_cast<std::streamsize>(cur_ - buf_.get()));
    cur_ = buf_.get();
}

void JsonStream::finish() {
    if (!stack_.empty() || after_key_) throw std::logic_error("JsonStream: finish with an open container");
    put('\n');
    flush_buffer();
}

}  // namespace oncomatch
