// rotaplan-cli: the schedule from a terminal, with the same commands as the GUI.
#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

#include <cstdio>
#include <iostream>

#include "cli.h"
#include "storage/database.h"

using namespace rotaplan;
using namespace rotaplan::cli;

namespace {

std::string default_db_path() {
    QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/rotaplan";
    return text(dir + "/schedule.db");
}

void print_tool_help(const std::vector<cli::Command>& commands) {
    std::cout << "Usage: rotaplan-cli [--db PATH] [--planner NAME] COMMAND [ARGS]\n\n"
                 "Plan airline rotations from the command line. Every change is an event in the\n"
                 "schedule database (default: $XDG_DATA_HOME/rotaplan/schedule.db).\n\n"
                 "Commands:\n";
    for (const auto& c : commands) std::printf("  %-22s %s\n", c.name, c.summary);
    std::cout << "\nrotaplan-cli COMMAND --help describes one command.\n"
                 "Exit status: 0 done, 1 refused by the schedule, 2 usage or input error.\n";
}

}  // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("rotaplan-cli");
    QCoreApplication::setApplicationVersion("0.1.0");

    std::vector<cli::Command> commands;
    add_write_commands(commands);
    add_read_commands(commands);
    add_import_commands(commands);
    add_ssim_commands(commands);
    add_validate_command(commands);
    add_sync_commands(commands);
    add_bench_command(commands);

    QStringList args = app.arguments();
    Globals g;
    g.context = storage::default_context();
    // Global options come before the command name.
    int i = 1;
    for (; i < args.size() && args[i].startsWith("--"); ++i) {
        const QString& a = args[i];
        auto value = [&](const char* name) {
            if (a.contains('=')) return a.section('=', 1);
            if (i + 1 >= args.size()) {
                std::cerr << "rotaplan-cli: " << name << " needs a value\n";
                std::exit(kUsage);
            }
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
        } else if (a.startsWith("--planner")) {
            g.context.planner = text(value("--planner"));
            g.context.provisional = false;
        } else {
            std::cerr << "rotaplan-cli: unknown option " << text(a) << " (see rotaplan-cli --help)\n";
            return kUsage;
        }
    }
    if (i >= args.size()) {
        print_tool_help(commands);
        return kUsage;
    }
    const QString name = args[i];
    auto it = std::find_if(commands.begin(), commands.end(), [&](const auto& c) { return name == c.name; });
    if (it == commands.end()) {
        std::cerr << "rotaplan-cli: unknown command " << text(name) << " (see rotaplan-cli --help)\n";
        return kUsage;
    }
    if (g.db_path.empty()) {
        g.db_path = default_db_path();
        QDir().mkpath(QFileInfo(QString::fromStdString(g.db_path)).absolutePath());
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QString("%1\n\nUsage: rotaplan-cli [--db PATH] %2 %3")
                                         .arg(it->summary, it->name, it->synopsis));
    parser.addHelpOption();
    if (it->options) it->options(parser);
    QStringList sub = args.mid(i);  // the command name stands in for argv[0]
    if (!parser.parse(sub)) {
        std::cerr << "rotaplan-cli " << it->name << ": " << text(parser.errorText()) << "\n";
        return kUsage;
    }
    if (parser.isSet("help")) {
        std::cout << text(parser.helpText());
        return kOk;
    }
    int n = int(parser.positionalArguments().size());
    if (n < it->positional_min || n > it->positional_max) {
        std::cerr << "rotaplan-cli " << it->name << ": expected " << it->synopsis << " (see rotaplan-cli " << it->name
                  << " --help)\n";
        return kUsage;
    }
    try {
        return it->run(g, parser);
    } catch (const Failure& f) {
        std::cerr << "rotaplan-cli " << it->name << ": " << f.what() << "\n";
        return f.status;
    } catch (const storage::StorageError& e) {
        std::cerr << "rotaplan-cli " << it->name << ": " << e.what() << "\n";
        return kUsage;
    }
}
