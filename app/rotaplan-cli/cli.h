// Shared pieces of rotaplan-cli: how a command line becomes a store, a leg, a
// rotation, and how failures become the documented exit statuses.
//
//   exit 0  done
//   exit 1  the schedule refused it (overlap, unknown name, stale version)
//   exit 2  the command line or an input was wrong; or the file is not a usable store
#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "storage/imports/importer.h"
#include "storage/projections/scenarios.h"
#include "storage/schedule_store.h"

namespace rotaplan::cli {

enum Exit { kOk = 0, kRejected = 1, kUsage = 2 };

// Thrown anywhere in a command; main() prints it and exits with its status.
struct Failure : std::runtime_error {
    Failure(Exit status, const std::string& message) : std::runtime_error(message), status(status) {}
    Exit status;
};

[[noreturn]] inline void usage_error(const std::string& m) { throw Failure(kUsage, m); }
[[noreturn]] inline void rejected_error(const std::string& m) { throw Failure(kRejected, m); }

struct Globals {
    std::string db_path;
    storage::CommandContext context;
    std::string scenario;  // --scenario / ROTAPLAN_SCENARIO: the version commands read and write; "" is main
};

// The store opened to be read as the version the command line names (main,
// or the --scenario's): every query on `db` answers as that version, and an
// EventStore on `lineage` reads that version's events.
struct ReadVersion {
    explicit ReadVersion(const Globals& g, bool read_only = true);
    storage::Database db;
    storage::Lineage lineage;
};

// What a command does with the schedule database. Only the commands that
// change the schedule create a missing one; main() refuses the others a
// missing store before they run, and --help says which is which.
enum class StoreUse {
    Reads,     // never writes; works on a read-only store, folder or disk
    Maintains, // writes an existing store (rebuild, conflicts)
    Creates,   // changes the schedule; a missing store is created empty first
    None,      // needs no store (generate-schedule, bench)
};

struct Command {
    const char* name;
    const char* synopsis;  // arguments, for --help
    const char* summary;
    std::function<void(QCommandLineParser&)> options;  // adds command options
    std::function<int(const Globals&, QCommandLineParser&)> run;
    int positional_min = 0, positional_max = 0;
    StoreUse store = StoreUse::Reads;
};

// Registration, one function per file.
void add_write_commands(std::vector<Command>& out);
void add_read_commands(std::vector<Command>& out);
void add_import_commands(std::vector<Command>& out);
void add_bench_command(std::vector<Command>& out);
void add_ssim_commands(std::vector<Command>& out);
void add_validate_command(std::vector<Command>& out);
void add_compare_command(std::vector<Command>& out);
void add_sync_commands(std::vector<Command>& out);
void add_scenario_commands(std::vector<Command>& out);
void add_ssm_commands(std::vector<Command>& out);
void add_rotation_commands(std::vector<Command>& out);

// --- helpers used by several commands ---------------------------------------
std::string text(const QString& s);
int parse_int(const QString& value, const char* what, int min, int max);
Instant parse_time_arg(const QString& value, const char* what);
LegId resolve_leg(storage::Database& db, const QString& text);
RotationId resolve_rotation(storage::Database& db, const QString& name);
Registration parse_registration_arg(const QString& text);
AirportCode parse_airport_arg(const QString& text, const char* what);
AircraftType parse_type_arg(const QString& text);

// A file read whole, with what its audit entry records (name, SHA-256).
struct LoadedFile {
    std::string content;
    storage::ImportSource source;
};
LoadedFile load_file(const QString& path);
// An import that ran out of memory: nothing was written (its transaction rolled back); exit 2.
[[noreturn]] void out_of_memory(const std::string& file);

// Runs one command in its own transaction and turns a refusal into a Failure.
storage::CommandOutcome run_command(storage::ScheduleStore& store, const rotaplan::Command& command, const Globals& g);

// --as-of TIME|POSITION -> an event position (0 when the option is absent).
std::int64_t as_of_position(storage::EventStore& events, QCommandLineParser& p);
// The same for another option of that grammar (compare's --with); 0 when it is absent.
std::int64_t position_option(storage::EventStore& events, QCommandLineParser& p, const QString& option);

}  // namespace rotaplan::cli
