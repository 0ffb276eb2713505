// Importing the planners' files: rotation assignment, airport and airplane
// minimum ground times. Each import is one transaction and one audit entry.
#include <QCryptographicHash>
#include <QFile>

#include <iostream>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "core/files/reference_files.h"
#include "storage/importer.h"
#include "storage/queries.h"
#include "storage/schema.h"

namespace rotaplan::cli {

namespace {

template <class Parse, class Import>
int run_import(const Globals& g, QCommandLineParser& p, Parse parse, Import import) {
    LoadedFile file = load_file(p.positionalArguments()[0]);
    files::ParseError error;
    auto rows = parse(file.source.file, file.content, error);
    if (!rows) usage_error(error.message);
    storage::ScheduleStore store(g.db_path);
    auto result = import(store, *rows, file.source, g.context);
    if (!result.ok && result.bad_input) usage_error(result.error + " (nothing was imported)");
    if (!result.ok) rejected_error(result.error + " (nothing was imported)");
    std::cout << "imported " << result.records << " records from " << file.source.file << " (" << result.events
              << " events, import " << result.import.str() << ")\n";
    return kOk;
}

int imports_cmd(const Globals& g, QCommandLineParser& p) {
    storage::Database db = storage::open_store(g.db_path);
    storage::EventStore events(db);
    auto rows = events.stored_events("type = 'FileImported'", {});
    if (p.isSet("json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& e : rows) {
            auto meta = nlohmann::json::parse(e.metadata, nullptr, false);
            auto imported = std::get<FileImported>(e.decoded());
            out.push_back({{"import", e.stream.substr(7)},
                           {"time", e.recorded_at},
                           {"planner", meta.is_object() ? meta.value("planner", "") : ""},
                           {"kind", imported.kind},
                           {"file", imported.file},
                           {"sha256", imported.sha256},
                           {"records", imported.records}});
        }
        std::cout << out.dump() << "\n";
        return kOk;
    }
    for (const auto& e : rows) {
        auto meta = nlohmann::json::parse(e.metadata, nullptr, false);
        std::cout << e.recorded_at << "  " << (meta.is_object() ? meta.value("planner", "") : "") << "  "
                  << describe(e.decoded()) << "\n";
    }
    return kOk;
}

}  // namespace

LoadedFile load_file(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) usage_error("cannot read " + text(path) + ": " + text(f.errorString()));
    QByteArray bytes = f.readAll();
    LoadedFile out;
    out.content = bytes.toStdString();
    out.source.file = text(path);
    out.source.sha256 = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().toStdString();
    return out;
}

void add_import_commands(std::vector<Command>& out) {
    auto none = [](QCommandLineParser&) {};
    out.push_back({"import-rotations", "CSV",
                   "Put legs into rotations and assign airplanes (rotation,airplane,airline,flight_number,suffix,"
                   "departure,day_of_origin)",
                   none,
                   [](const Globals& g, QCommandLineParser& p) {
                       return run_import(g, p, files::parse_rotations_csv, storage::import_rotations);
                   },
                   1, 1});
    out.push_back({"import-airports", "CSV", "Set airports' minimum ground times and time zones (airport,min_ground_minutes[,time_zone])", none,
                   [](const Globals& g, QCommandLineParser& p) {
                       return run_import(g, p, files::parse_airports_csv, storage::import_airports);
                   },
                   1, 1});
    out.push_back({"import-airplanes", "CSV",
                   "Register or update airplanes (registration,aircraft_type,min_ground_minutes)", none,
                   [](const Globals& g, QCommandLineParser& p) {
                       return run_import(g, p, files::parse_airplanes_csv, storage::import_airplanes);
                   },
                   1, 1});
    out.push_back({"imports", "[--json]", "Who imported which file, when, with its checksum",
                   [](QCommandLineParser& p) { p.addOption(QCommandLineOption("json", "Print JSON.")); }, imports_cmd, 0,
                   0});
}

}  // namespace rotaplan::cli
