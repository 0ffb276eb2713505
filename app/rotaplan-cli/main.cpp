// rotaplan-cli: the schedule from a terminal, with the same commands as the GUI.
//
// Whatever a command meets, the process ends with one of the documented exit
// statuses and a message: a refusal (1), a usage, input or store error (2),
// and anything unexpected (an exception no command anticipated, memory
// exhausted) is 2 as well, never an abort. The transaction a command was in
// is rolled back by then (its owner's destructor), so nothing is half-written.
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli.h"
#include "core/failure.h"
#include "core/files/encoding.h"
#include "core/planner.h"
#include "storage/sqlite/database.h"

using namespace rotaplan;
using namespace rotaplan::cli;

namespace {

std::string default_db_path() {
    QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/rotaplan";
    return text(dir + "/schedule.db");
}

void print_tool_help(const std::vector<cli::Command>& commands) {
    std::cout << "Usage: rotaplan-cli [--db PATH] [--planner NAME] [--scenario NAME] COMMAND [ARGS]\n\n"
                 "Plan airline rotations from the command line. Every change is an event in the\n"
                 "schedule database (default: $XDG_DATA_HOME/rotaplan/schedule.db).\n"
                 "--scenario NAME (or ROTAPLAN_SCENARIO) reads and changes that scenario instead\n"
                 "of main, the published schedule (see rotaplan-cli scenario --help).\n\n"
                 "Commands:\n";
    for (const auto& c : commands) std::printf("  %-22s %s\n", c.name, c.summary);
    std::cout << "\nrotaplan-cli COMMAND --help describes one command.\n"
                 "Only the commands that change the schedule (create-rotation, add-leg, the imports,\n"
                 "sync, demo, ...) create the database when it does not exist; every other command\n"
                 "needs an existing one (exit 2 when it is missing). Reading commands also work on\n"
                 "a read-only database, folder or disk.\n"
                 "Exit status: 0 done, 1 refused by the schedule, 2 usage or input error (or a\n"
                 "database that cannot be used, or anything unexpected).\n";
}

const char* store_use_text(StoreUse use) {
    switch (use) {
        case StoreUse::Reads:
            return "Reads the schedule database, which must exist; it is never written (a read-only\n"
                   "database, folder or disk is fine).";
        case StoreUse::Maintains: return "Works on an existing schedule database; it is never created.";
        case StoreUse::Creates: return "Changes the schedule; creates the database when it does not exist.";
        case StoreUse::None: return "Needs no schedule database.";
    }
    return "";
}

// One usage line (ours), the summary, what the command does with the store,
// then Qt's list of the options.
std::string command_help(const cli::Command& c, QCommandLineParser& parser) {
    std::string options = text(parser.helpText());
    auto at = options.find("Options:");
    if (at != std::string::npos) options = options.substr(at);
    return std::string("Usage: rotaplan-cli [--db PATH] ") + c.name + (*c.synopsis ? " " : "") + c.synopsis + "\n\n" +
           c.summary + ".\n" + store_use_text(c.store) + "\n\n" + options;
}

int run(QCoreApplication& app) {
    std::vector<cli::Command> commands;
    add_write_commands(commands);
    add_read_commands(commands);
    add_import_commands(commands);
    add_ssim_commands(commands);
    add_ssm_commands(commands);
    add_validate_command(commands);
    add_compare_command(commands);
    add_sync_commands(commands);
    add_scenario_commands(commands);
    add_rotation_commands(commands);
    add_bench_command(commands);

    QStringList args = app.arguments();
    Globals g;
    g.context = storage::default_context();
    // A guessed name (the login's) is checked as well: it is recorded all the same.
    bool planner_option = false;
    // The version every command reads and writes: main unless named.
    if (const char* s = std::getenv("ROTAPLAN_SCENARIO"); s && *s) g.scenario = s;
    // Global options come before the command name.
    int i = 1;
    for (; i < args.size() && args[i].startsWith("--"); ++i) {
        const QString& a = args[i];
        auto value = [&](const char* name) {
            if (a.contains('=')) return a.section('=', 1);
            if (i + 1 >= args.size()) usage_error(std::string(name) + " needs a value");
            return args[++i];
        };
        if (a == "--help" || a == "-h") {
            print_tool_help(commands);
            return kOk;
        } else if (a == "--version") {
            std::cout << "rotaplan-cli 0.1.0\n";
            return kOk;
        } else if (a.startsWith("--db")) {
            g.db_path = text(value("--db"));
        } else if (a.startsWith("--scenario")) {
            g.scenario = text(value("--scenario"));
        } else if (a.startsWith("--planner")) {
            g.context.planner = text(value("--planner"));
            g.context.provisional = false;
            planner_option = true;
        } else {
            usage_error("unknown option " + text(a) + " (see rotaplan-cli --help)");
        }
    }
    if (i >= args.size()) {
        print_tool_help(commands);
        return kUsage;
    }
    const QString name = args[i];
    auto it = std::find_if(commands.begin(), commands.end(), [&](const auto& c) { return name == c.name; });
    if (it == commands.end()) usage_error("unknown command " + text(name) + " (see rotaplan-cli --help)");
    const cli::Command& command = *it;
    // The planner's name goes into every event's metadata, and from there to
    // the server and every colleague: held to what they all accept, before
    // anything is written, naming where it came from. (Reads record nothing.)
    if (command.store == StoreUse::Creates || command.store == StoreUse::Maintains)
        if (auto why = check_planner_name(g.context.planner); !why.empty())
            usage_error(std::string(planner_option           ? "--planner"
                                        : g.context.provisional ? "USER (the login name, as ROTAPLAN_PLANNER is not set)"
                                                                : "ROTAPLAN_PLANNER") +
                            " " + why);

    QCommandLineParser parser;
    parser.addOption(QCommandLineOption({"h", "help"}, "Show this help."));
    if (command.options) command.options(parser);
    QStringList sub = args.mid(i);  // the command name stands in for argv[0]
    if (!parser.parse(sub))
        throw Failure(kUsage, text(parser.errorText()) + " (see rotaplan-cli " + command.name + " --help)");
    if (parser.isSet("help")) {
        std::cout << command_help(command, parser);
        return kOk;
    }
    int n = int(parser.positionalArguments().size());
    if (n < command.positional_min || n > command.positional_max)
        usage_error(std::string("expected ") + command.synopsis + " (see rotaplan-cli " + command.name + " --help)");

    if (g.db_path.empty()) g.db_path = default_db_path();
    std::error_code ec;
    bool exists = std::filesystem::exists(g.db_path, ec);
    if (command.store == StoreUse::Creates && !exists)
        QDir().mkpath(QFileInfo(QString::fromStdString(g.db_path)).absolutePath());
    if ((command.store == StoreUse::Reads || command.store == StoreUse::Maintains) && !exists)
        usage_error("no schedule database at " + g.db_path +
                    " (only commands that change the schedule create one; see rotaplan-cli --help)");
    return command.run(g, parser);
}

// The command being run, for messages: the first argument that is not an option.
std::string command_name(const QStringList& args) {
    for (int i = 1; i < args.size(); ++i) {
        if (!args[i].startsWith("--")) return " " + text(args[i]);
        if (!args[i].contains('=') && (args[i] == "--db" || args[i] == "--planner" || args[i] == "--scenario")) ++i;
    }
    return {};
}

// SQLite rolled the command's transaction back: the planner may try again.
constexpr const char* kRolledBack = "; the change in progress, if any, was rolled back";

}  // namespace

int main(int argc, char* argv[]) {
    if (auto why = files::argument_not_utf8(argc, argv)) {
        std::cerr << "rotaplan-cli: " << *why << "; nothing was done\n";
        return kUsage;
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("rotaplan-cli");
    QCoreApplication::setApplicationVersion("0.1.0");
    const std::string who = "rotaplan-cli" + command_name(app.arguments());
    try {
        return run(app);
    } catch (const Failure& f) {
        std::cerr << who << ": " << f.what() << "\n";
        return f.status;
    } catch (const storage::StorageError& e) {
        int primary = e.code() & 0xff;  // the disk failed under a command, rather than a store that cannot be used
        bool disk = primary == SQLITE_FULL || primary == SQLITE_IOERR;
        std::cerr << who << ": " << e.what() << (disk ? kRolledBack : "") << "\n";
        return kUsage;
    } catch (...) {
        std::cerr << who << ": unexpected error: " << describe_current_exception() << kRolledBack << "\n";
        return kUsage;
    }
}
