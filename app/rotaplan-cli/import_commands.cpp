// Importing the planners' files: rotation assignment, airport and airplane
// minimum ground times. Each import is one transaction and one audit entry.
#include <QCryptographicHash>
#include <QFile>

#include <iostream>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "core/files/reference_files.h"
#include "storage/imports/importer.h"
#include "storage/projections/queries.h"
#include "storage/open_store.h"

namespace rotaplan::cli {

namespace {

template <class Parse, class Import>
int run_import(const Globals& g, QCommandLineParser& p, Parse parse, Import import) {
    LoadedFile file = load_file(p.positionalArguments()[0]);
    try {
        files::ParseError error;
        auto rows = parse(file.source.file, file.content, error);
        if (!rows) usage_error(error.message + " (nothing was imported)");
        file.source.notes = error.notes;
        storage::ScheduleStore store(g.db_path, g.scenario);
        auto result = import(store, *rows, file.source, g.context);
        if (!result.ok && result.bad_input) usage_error(result.error + " (nothing was imported)");
        if (!result.ok) rejected_error(result.error + " (nothing was imported)");
        for (const auto& n : error.notes) std::cerr << n << "\n";
        for (const auto& n : result.notes) std::cerr << n << "\n";
        std::cout << "imported " << result.records << " records from " << file.source.file << " (" << result.events
                  << " events, import " << result.import.str() << ")\n";
    } catch (const std::bad_alloc&) {
        out_of_memory(file.source.file);
    }
    return kOk;
}

int imports_cmd(const Globals& g, QCommandLineParser& p) {
    ReadVersion version(g);
    storage::EventStore events(version.db, version.lineage);
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
                           {"records", imported.records},
                           {"notes", imported.notes}});
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
    LoadedFile out;
    out.source.file = text(path);
    try {
        // Read once into the string the readers take: a file held once, not twice.
        QCryptographicHash sha(QCryptographicHash::Sha256);
        char block[1 << 16];
        for (qint64 n; (n = f.read(block, sizeof block)) > 0;) {
            out.content.append(block, std::size_t(n));
            sha.addData(QByteArrayView(block, n));
        }
        if (f.error() != QFileDevice::NoError) usage_error("cannot read " + text(path) + ": " + text(f.errorString()));
        out.source.sha256 = sha.result().toHex().toStdString();
    } catch (const std::bad_alloc&) {
        out_of_memory(out.source.file);
    }
    return out;
}

void out_of_memory(const std::string& file) {
    usage_error("not enough memory to import " + file + " (nothing was imported)");
}

void add_import_commands(std::vector<Command>& out) {
    auto none = [](QCommandLineParser&) {};
    out.push_back({"import-rotations", "CSV",
                   "Put legs into rotations and assign airplanes (rotation,airplane,airline,flight_number,suffix,"
                   "departure,day_of_origin[,std]: std, the leg's UTC STD, picks one where legs share a designator)",
                   none,
                   [](const Globals& g, QCommandLineParser& p) {
                       return run_import(g, p, files::parse_rotations_csv, storage::import_rotations);
                   },
                   1, 1, StoreUse::Creates});
    out.push_back({"import-airports", "CSV", "Set airports' minimum ground times and time zones (airport,min_ground_minutes[,time_zone])", none,
                   [](const Globals& g, QCommandLineParser& p) {
                       return run_import(g, p, files::parse_airports_csv, storage::import_airports);
                   },
                   1, 1, StoreUse::Creates});
    out.push_back({"import-airplanes", "CSV",
                   "Register or update airplanes (registration,aircraft_type,min_ground_minutes)", none,
                   [](const Globals& g, QCommandLineParser& p) {
                       return run_import(g, p, files::parse_airplanes_csv, storage::import_airplanes);
                   },
                   1, 1, StoreUse::Creates});
    out.push_back({"imports", "[--json]", "Who imported which file, when, with its checksum and what it noted",
                   [](QCommandLineParser& p) { p.addOption(QCommandLineOption("json", "Print JSON.")); }, imports_cmd, 0,
                   0});
}

}  // namespace rotaplan::cli
