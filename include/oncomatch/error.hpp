#pragma once
// Error hierarchy: every failure carries where it happened, what went wrong and, when one
// helps, a hint. Thrown anywhere inside; caught once in main(), which maps it to an exit code.
#include <stdexcept>
#include <string>

namespace oncomatch {

enum class ExitCode : int { ok = 0, input = 1, usage = 2, internal = 3 };

class Error : public std::runtime_error {
public:
    Error(ExitCode code, std::string where, std::string what, std::string hint = {})
        : std::runtime_error(what), code_(code), where_(std::move(where)), hint_(std::move(hint)) {}
    ExitCode code() const noexcept { return code_; }
    const std::string& where() const noexcept { return where_; }
    const std::string& hint() const noexcept { return hint_; }
    // "where: what" (or just "what" when no place is known).
    std::string message() const {
        return where_.empty() ? std::string(what()) : where_ + ": " + what();
    }

private:
    ExitCode code_;
    std::string where_;
    std::string hint_;
};

// Bad input or data (a file, a record, a knowledgebase entry): exit 1.
struct InputError : Error {
    InputError(std::string where, std::string what, std::string hint = {})
        : Error(ExitCode::input, std::move(where), std::move(what), std::move(hint)) {}
};

// Bad command line, including an unknown option value (e.g. a tumour type code): exit 2.
struct UsageError : Error {
    UsageError(std::string what, std::string hint = {})
        : Error(ExitCode::usage, {}, std::move(what), std::move(hint)) {}
};

}  // namespace oncomatch
