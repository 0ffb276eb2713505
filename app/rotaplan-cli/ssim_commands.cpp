// SSIM files: import (with the difference it makes, dry or not), export, and
// the deterministic season generator the tests and benchmarks load.
#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>

#include "cli.h"
#include "core/files/reference_files.h"
#include "core/ssim/generator.h"
#include "core/ssim/reader.h"
#include "core/ssim/writer.h"
#include "storage/projections/queries.h"
#include "storage/open_store.h"
#include "storage/imports/ssim_files.h"
#include "storage/imports/ssim_import.h"

namespace rotaplan::cli {

namespace {

std::atomic<bool> interrupted{false};

// A terminal gets a bar; a pipe or a log file gets nothing it would have to skip.
class ProgressBar {
public:
    ProgressBar() : tty_(isatty(STDERR_FILENO)) {}
    ~ProgressBar() {
        if (shown_) std::cerr << "\r" << std::string(60, ' ') << "\r" << std::flush;
    }
    void show(double share) {
        if (!tty_) return;
        int percent = int(share * 100);
        if (percent == last_) return;
        last_ = percent;
        shown_ = true;
        int filled = percent * 40 / 100;
        std::cerr << "\rimporting [" << std::string(std::size_t(filled), '#') << std::string(std::size_t(40 - filled), '.')
                  << "] " << percent << "%  (Ctrl+C cancels)" << std::flush;
    }

private:
    bool tty_;
    bool shown_ = false;
    int last_ = -1;
};

void print_difference(const storage::SsimDifference& d, const ssim::File& f) {
    for (const auto& line : storage::difference_lines(d, f)) std::cout << line << "\n";
}

std::string summary(const storage::SsimDifference& d) { return storage::difference_summary(d); }

// "1966 flight leg records from season.ssim (2 skipped)"
std::string records_read(const storage::PreparedSsim& p, const std::string& file) {
    std::string s = std::to_string(p.file.legs.size()) + " flight leg records from " + file;
    if (!p.file.skipped.empty()) s += " (" + std::to_string(p.file.skipped.size()) + " skipped: listed above)";
    return s;
}

int import_ssim_cmd(const Globals& g, QCommandLineParser& p) {
    if (p.isSet("lenient") && p.isSet("strict")) usage_error("--lenient and --strict exclude each other");
    const bool allow_cancel = p.isSet("allow-cancel");
    const bool from_onward = p.isSet("rotations-from-onward");
    if (from_onward && p.isSet("rotations")) usage_error("--rotations and --rotations-from-onward exclude each other");
    LoadedFile file = load_file(p.positionalArguments()[0]);
    try {
        storage::SsimFiles files{std::move(file.content), file.source, std::nullopt, {}, p.isSet("lenient"), p.isSet("strict"),
                                 from_onward};
        if (p.isSet("rotations")) {
            LoadedFile rotations = load_file(p.value("rotations"));
            files.rotations_text = std::move(rotations.content);
            files.rotations = rotations.source;
        }
        auto prepared = storage::prepare_ssim(std::move(files));
        if (prepared.error) usage_error(*prepared.error + " (nothing was imported)");
        for (const auto& line : storage::file_report(prepared)) std::cerr << line << "\n";
        if (from_onward)
            for (const auto& line : storage::onward_report(prepared)) std::cerr << line << "\n";
        else
            for (const auto& note : prepared.rotations_source.notes) std::cerr << note << "\n";
        if (!prepared.file.notes.empty() || !prepared.file.skipped.empty())
            std::cerr << "(rotaplan-cli imports --json keeps every note of this import)\n";

        if (p.isSet("dry-run")) {
            ReadVersion version(g);
            storage::Database& db = version.db;
            auto options = storage::difference_options(prepared, allow_cancel);
            auto diff = storage::ssim_difference(db, prepared.file, std::move(prepared.legs), options);
            print_difference(diff, prepared.file);
            std::cout << "dry run of " << file.source.file << ": " << summary(diff) << "; nothing was written\n";
            if (!allow_cancel && storage::cancels_too_much(diff))
                std::cout << "importing it would be refused: " << storage::cancellation_warning(diff)
                          << "; give --allow-cancel to cancel them\n";
            return kOk;
        }

        storage::ScheduleStore store(g.db_path, g.scenario);
        storage::SsimImportOptions import_options;
        import_options.difference = storage::difference_options(prepared, allow_cancel);
        import_options.allow_cancel = allow_cancel;
        if (prepared.rotations) {
            import_options.rotations = &*prepared.rotations;
            import_options.rotations_source = prepared.rotations_source;
        }
        ProgressBar bar;
        interrupted = false;
        auto previous = std::signal(SIGINT, [](int) { interrupted = true; });
        import_options.progress = [&](double share) {
            bar.show(share);
            return !interrupted.load();
        };
        auto result = storage::import_ssim(store, prepared.file, std::move(prepared.legs), prepared.source, g.context,
                                           import_options);
        std::signal(SIGINT, previous);
        if (result.cancelled) rejected_error("import cancelled; nothing was imported");
        if (result.too_many_cancellations)
            rejected_error(result.error + ": give --allow-cancel to cancel them (nothing was imported)");
        if (!result.ok) rejected_error(result.error + " (nothing was imported)");
        for (const auto& note : result.rotations.notes) std::cerr << note << "\n";
        std::cout << "imported " << records_read(prepared, file.source.file) << ": " << summary(result.difference) << " ("
                  << result.ssim.events << " events, import " << result.ssim.import.str() << ")\n";
        if (prepared.onward)
            std::cout << "built " << prepared.onward->chains.size() << " rotations from onward flights ("
                      << prepared.onward->resolved << " links resolved, " << prepared.onward->unresolved << " unresolved, "
                      << prepared.onward->refused << " refused)\n";
        else if (prepared.rotations)
            std::cout << "imported " << result.rotations.records << " rotation lines from "
                      << import_options.rotations_source.file << " (" << result.rotations.events << " events, import "
                      << result.rotations.import.str() << ")\n";
    } catch (const std::bad_alloc&) {
        out_of_memory(file.source.file);
    }
    return kOk;
}

int export_ssim_cmd(const Globals& g, QCommandLineParser& p) {
    ReadVersion version(g);
    auto in = storage::export_input(version.db);
    auto written = ssim::write(in);
    if (written.error) rejected_error(*written.error + " (no file was written)");
    // Written beside the target and renamed over it: a crash leaves the old file or the new one.
    QSaveFile out(p.positionalArguments()[0]);
    if (!out.open(QIODevice::WriteOnly) || out.write(written.text.data(), qint64(written.text.size())) != qint64(written.text.size()) ||
        !out.commit())
        usage_error("cannot write " + text(p.positionalArguments()[0]) + ": " + text(out.errorString()));
    std::cout << "exported " << in.legs.size() << " legs as " << written.leg_records << " flight leg records to "
              << text(p.positionalArguments()[0]) << "\n";
    return kOk;
}

int generate_cmd(const Globals&, QCommandLineParser& p) {
    QDir dir(p.positionalArguments()[0]);
    if (!QDir().mkpath(dir.path())) usage_error("cannot create " + text(dir.path()));
    ssim::GeneratorOptions o;
    if (p.isSet("legs-per-day")) {
        o.legs_per_day = parse_int(p.value("legs-per-day"), "--legs-per-day", 2, ssim::kMaxLegsPerDay);
        if (o.legs_per_day % 2 != 0)
            usage_error("--legs-per-day: " + text(p.value("legs-per-day")) +
                        " is odd; an airplane flies round trips from the hub, so an even number from 2 to " +
                        std::to_string(ssim::kMaxLegsPerDay));
    }
    if (p.isSet("airplanes"))
        o.airplanes = parse_int(p.value("airplanes"), "--airplanes", 1,
                                ssim::kMaxCarriers * ssim::airplanes_per_carrier(o.legs_per_day));
    if (p.isSet("duplicate-designators"))
        o.duplicate_designators = parse_int(p.value("duplicate-designators"), "--duplicate-designators", 0, o.airplanes);
    if (p.isSet("from")) {
        auto day = parse_date(text(p.value("from")));
        if (!day) usage_error("--from: " + text(p.value("from")) + " is not a date like 2026-03-29");
        const int days = o.last_day.days - o.first_day.days + 1;
        o.first_day = *day;
        o.last_day = Date{day->days + days - 1};
    }
    // The season's length from its first day: a week for a quick look, a year for scale.
    if (p.isSet("days")) o.last_day = Date{o.first_day.days + parse_int(p.value("days"), "--days", 1, 366) - 1};
    auto s = ssim::generate(o);
    for (auto [name, content] : {std::pair<const char*, const std::string*>{"season.ssim", &s.ssim},
                                 {"rotations.csv", &s.rotations},
                                 {"airports.csv", &s.airports},
                                 {"airplanes.csv", &s.airplanes}}) {
        QSaveFile f(dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(content->data(), qint64(content->size())) != qint64(content->size()) ||
            !f.commit())
            usage_error("cannot write " + text(dir.filePath(name)) + ": " + text(f.errorString()));
    }
    std::cout << "generated " << o.airplanes << " airplanes, " << s.leg_records << " flight leg records, " << s.dated_legs
              << " dated legs in " << text(dir.path()) << " (season.ssim, rotations.csv, airports.csv, airplanes.csv)\n";
    return kOk;
}

}  // namespace

void add_ssim_commands(std::vector<Command>& out) {
    out.push_back({"import-ssim",
                   "FILE [--rotations CSV | --rotations-from-onward] [--lenient|--strict] [--allow-cancel] [--dry-run]",
                   "Load an SSIM Chapter 7 schedule; a newer version changes only what differs",
                   [](QCommandLineParser& p) {
                       p.addOption(QCommandLineOption("rotations", "Also put legs into rotations from this file.", "CSV"));
                       p.addOption(QCommandLineOption(
                           "rotations-from-onward",
                           "Also build rotations from the file's own aircraft routing: each leg's onward flight and "
                           "layover name the leg its aircraft flies next; links that do not resolve are listed."));
                       p.addOption(QCommandLineOption(
                           "lenient", "Skip bad records instead of stopping; every one is listed, and nothing is cancelled."));
                       p.addOption(QCommandLineOption(
                           "strict", "Refuse what is otherwise read with a note: a blank date variation on an overnight "
                                     "leg (its arrival day is otherwise inferred), a missing trailer, serial numbers blank "
                                     "or out of sequence, a period outside its carrier's validity, a repeated carrier."));
                       p.addOption(QCommandLineOption(
                           "allow-cancel", "Let a re-import cancel more than 20 % of the legs it covers, or cancel legs "
                                           "at all when the file may be incomplete (no trailer, a gap in serial numbers)."));
                       p.addOption(QCommandLineOption("dry-run", "Print the difference; write nothing."));
                   },
                   import_ssim_cmd, 1, 1, StoreUse::Creates});
    out.push_back({"export-ssim", "FILE", "Write the schedule as an SSIM Chapter 7 file (local time mode)", nullptr,
                   export_ssim_cmd, 1, 1});
    out.push_back({"generate-schedule",
                   "DIR [--airplanes N] [--days N] [--legs-per-day N] [--from DATE] [--duplicate-designators N]",
                   "Write a deterministic test season: SSIM, rotation, airport and airplane files",
                   [](QCommandLineParser& p) {
                       p.addOption(QCommandLineOption(
                           "airplanes", "Fleet size (default 300; over 980 airplanes fly under several carriers).", "N"));
                       p.addOption(QCommandLineOption(
                           "legs-per-day",
                           "Legs a short-haul airplane flies a day, an even number from 2 to 12 (default: 8 and 6 "
                           "on alternate airplanes; a triangle flight adds one). Long-haul airplanes fly one round "
                           "trip.",
                           "N"));
                       p.addOption(QCommandLineOption("days", "Days in the season (default 210, the IATA summer season).", "N"));
                       p.addOption(QCommandLineOption("from", "The season's first day (default 2026-03-29).", "DATE"));
                       p.addOption(QCommandLineOption(
                           "duplicate-designators",
                           "Also fly N flights a second time each day under the same designator (another itinerary "
                           "variation, in rotations of their own); the rotation file then has the std column.",
                           "N"));
                   },
                   generate_cmd, 1, 1, StoreUse::None});
}

}  // namespace rotaplan::cli
