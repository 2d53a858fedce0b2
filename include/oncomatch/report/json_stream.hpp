#pragma once
// Streaming JSON writer whose bytes are exactly those of nlohmann::ordered_json::dump(2) for the
// same values in the same order. The report's variant list (thousands of entries for a panel or
// a genome) is written through it instead of being built as a DOM first: building, pretty-
// printing and freeing that tree was the largest per-sample cost of a batch, and the whole tree
// sat in memory. Small nested parts (findings, trials, QC) may still be handed over as DOM values
// (`value(const ordered_json&)`), which are dumped at the current depth.
//
// Layout (nlohmann's pretty printer, indent 2): "{" / "[" then each member on its own line
// indented two spaces per depth, ",\n" between members, "\n" + indent before the closing bracket;
// empty containers print as "{}" and "[]"; `"key": value`. Strings are escaped as nlohmann does
// with ensure_ascii off (\" \\ \b \f \n \r \t, other control characters as \u00xx, UTF-8 copied;
// a string that is not valid UTF-8 throws nlohmann's type_error 316, exactly as dump would).
// Text is buffered and handed to the stream in blocks; call finish() at the end. The buffer is a
// plain byte array written through a cursor (room is made once per member, then memcpy): a
// panel batch writes some 60,000 members per sample, and std::string's per-append bookkeeping
// was most of the writer's cost.
#include <cstdint>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace oncomatch {

class JsonStream {
public:
    explicit JsonStream(std::ostream& out);
    JsonStream(const JsonStream&) = delete;
    JsonStream& operator=(const JsonStream&) = delete;

    JsonStream& begin_object();
    JsonStream& end_object();
    JsonStream& begin_array();
    JsonStream& end_array();
    JsonStream& key(std::string_view k);  // inside an object, before its value
    // A key written as a string literal: the writer's own names are plain ASCII with nothing to
    // escape, so they are copied as they are (a panel report writes some 60,000 keys a sample).
    template <std::size_t N>
    JsonStream& key(const char (&k)[N]) {
        static_assert(N >= 1 && N <= 64, "a key literal");
        open_key(N + 3);
        *cur_++ = '"';
        std::memcpy(cur_, k, N - 1);  // a constant length: inlined
        cur_ += N - 1;
        std::memcpy(cur_, "\": ", 3);
        cur_ += 3;
        after_key_ = true;
        return *this;
    }

    JsonStream& value(std::string_view s);
    JsonStream& value(const std::string& s) { return value(std::string_view(s)); }
    JsonStream& value(const char* s) { return value(std::string_view(s)); }
    JsonStream& value(bool b);
    JsonStream& value(double d);
    template <typename T, typename = std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>>
    JsonStream& value(T n) {
        before_value();
        if constexpr (std::is_signed_v<T>) append_int(static_cast<std::int64_t>(n));
        else append_uint(static_cast<std::uint64_t>(n));
        return *this;
    }
    JsonStream& null();
    JsonStream& value(const nlohmann::ordered_json& j);  // a DOM value, dumped at the current depth
    JsonStream& opt_str(const std::string& s) { return s.empty() ? null() : value(s); }  // "" -> null
    JsonStream& strings(const std::vector<std::string>& v);  // an array of strings

    // Writes a trailing newline, hands the rest of the buffer to the stream; every container
    // must be closed.
    void finish();

private:
    static constexpr std::size_t kBlock = 1 << 16;
    static constexpr std::size_t kSpaces = 32;  // indents up to depth 16 are one fixed-size copy
    struct Level {
        bool array;
        bool empty = true;
    };
    void before_value();  // separator and indent for a new member (nothing right after a key)
    void separator();     // "\n" or ",\n" and the indent of the innermost container's members
    void indent(std::size_t pad);  // pad spaces; room for pad + kSpaces bytes must be reserved
    void escaped(std::string_view s);
    void open_key(std::size_t room);  // checks, separator and indent; then room for `room` bytes
    JsonStream& close(char bracket);  // ends the innermost container (checked by the caller)
    void append_int(std::int64_t n);
    void append_uint(std::uint64_t n);
    // Makes room for n more bytes (handing full blocks to the stream first).
    void reserve(std::size_t n) {
        if (static_cast<std::size_t>(end_ - cur_) < n) grow(n);
    }
    void grow(std::size_t n);
    void put(char c) {
        reserve(1);
        *cur_++ = c;
    }
    void put(std::string_view s) {
        reserve(s.size());
        std::memcpy(cur_, s.data(), s.size());
        cur_ += s.size();
    }
    void maybe_flush() {
        if (static_cast<std::size_t>(cur_ - buf_.get()) >= kBlock) flush_buffer();
    }
    void flush_buffer();
    void dom(const nlohmann::ordered_json& j);  // a DOM value written member by member

    std::ostream& out_;
    std::unique_ptr<char[]> buf_;
    std::size_t cap_ = 0;
    char* cur_ = nullptr;
    char* end_ = nullptr;
    std::vector<Level> stack_;
    bool after_key_ = false;
};

}  // namespace oncomatch
