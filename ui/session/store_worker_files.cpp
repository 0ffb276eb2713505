// The worker's long jobs: SSIM import (previewed first, with progress and
// cancel), SSIM export, time travel (and its comparison with now) and the audit trail. Each runs on the
// worker thread and answers with a signal; the GUI stays responsive.
#include <QCryptographicHash>
#include <QFile>
#include <QSaveFile>

#include <algorithm>

#include "core/ssim/writer.h"
#include "storage/projections/queries.h"
#include "storage/imports/ssim_files.h"
#include "storage/imports/demo_schedule.h"
#include "storage/imports/restore.h"
#include "storage/imports/ssim_import.h"
#include "store_worker.h"
#include "wording.h"

namespace rotaplan::ui {

namespace {

bool load(const QString& path, std::string& text, storage::ImportSource& source, QString& error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        error = QString("cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    // Read once into the string the readers take: a file held once, not twice.
    QCryptographicHash sha(QCryptographicHash::Sha256);
    char block[1 << 16];
    text.clear();
    for (qint64 n; (n = f.read(block, sizeof block)) > 0;) {
        text.append(block, std::size_t(n));
        sha.addData(QByteArrayView(block, n));
    }
    if (f.error() != QFileDevice::NoError) {
        error = QString("cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    source.file = path.toStdString();
    source.sha256 = sha.result().toHex().toStdString();
    return true;
}

QStringList qt_lines(const std::vector<std::string>& lines) {
    QStringList out;
    for (const auto& l : lines) out << QString::fromStdString(l);
    return out;
}

// Reads and checks the request's files; nullopt with `error` set when they are unusable.
std::optional<storage::PreparedSsim> prepare(const ImportRequest& r, QString& error) {
    storage::SsimFiles files;
    files.lenient = r.lenient;  // the desktop reads as the CLI does by default: real files' quirks noted, not refused
    if (!load(r.ssim, files.ssim_text, files.ssim, error)) return std::nullopt;
    files.rotations_from_onward = r.rotations_from_onward && r.rotations.isEmpty();
    if (!r.rotations.isEmpty()) {
        files.rotations_text.emplace();
        if (!load(r.rotations, *files.rotations_text, files.rotations, error)) return std::nullopt;
    }
    auto prepared = storage::prepare_ssim(std::move(files));
    if (prepared.error) {
        error = QString::fromStdString(*prepared.error);
        return std::nullopt;
    }
    return prepared;
}

}  // namespace

void StoreWorker::preview_ssim(quint64 ticket, ImportRequest request) {
    QString error;
    try {
        auto prepared = prepare(request, error);
        if (!prepared || !store_) {
            emit previewed(ticket, false, prepared ? "no schedule is open" : error, {});
            return;
        }
        ImportPreview preview;
        preview.notes = qt_lines(storage::file_report(*prepared));
        preview.notes += qt_lines(prepared->rotations_source.notes);
        auto options = storage::difference_options(*prepared, request.allow_cancel);
        auto diff = storage::ssim_difference(store_->database(), prepared->file, std::move(prepared->legs), options);
        preview.groups = storage::difference_groups(diff, prepared->file, ImportPreview::kLinesPerGroup);
        preview.summary = QString::fromStdString(storage::difference_summary(diff));
        if (storage::cancels_too_much(diff)) preview.cancellation = QString::fromStdString(storage::cancellation_warning(diff));
        emit previewed(ticket, true, {}, preview);
    } catch (const std::bad_alloc&) {
        emit previewed(ticket, false, "not enough memory to read " + request.ssim, {});
    } catch (...) {
        emit previewed(ticket, false, current_failure(), {});
    }
}

void StoreWorker::import_ssim(quint64 ticket, ImportRequest request) {
    // A cancel asked for before this import got here still applies to it; the
    // flag is cleared when the import ends, whichever way.
    struct ClearCancel {
        std::atomic<bool>& flag;
        ~ClearCancel() { flag = false; }
    } clear{cancel_};
    QString error;
    std::optional<storage::PreparedSsim> prepared;
    emit progress(ticket, 0, "Reading the files");
    try {
        prepared = prepare(request, error);
    } catch (const std::bad_alloc&) {
        emit imported(ticket, false, "not enough memory to read " + request.ssim + " (nothing was imported)");
        return;
    } catch (...) {
        emit imported(ticket, false, current_failure() + " (nothing was imported)");
        return;
    }
    if (!prepared || !store_) {
        emit imported(ticket, false, prepared ? "no schedule is open" : error);
        return;
    }
    storage::SsimImportOptions options;
    options.difference = storage::difference_options(*prepared, request.allow_cancel);
    options.allow_cancel = request.allow_cancel;
    if (prepared->rotations) {
        options.rotations = &*prepared->rotations;
        options.rotations_source = prepared->rotations_source;
    }
    int last = -1;
    options.progress = [&](double share) {
        int permille = int(share * 1000);
        if (permille != last) emit progress(ticket, last = permille, "Writing the changes");
        return !cancel_.load();
    };
    emit progress(ticket, 0, "Comparing with the schedule");
    const storage::ImportSource source = prepared->source;  // the checksum of the bytes that were parsed
    try {
        auto before = storage::read_state(store_->database());
        auto result = storage::import_ssim(*store_, prepared->file, std::move(prepared->legs), source, context_, options);
        if (!result.ok) {
            rechecked_ = {};  // rolled back: nothing of it stands
            QString why = result.cancelled ? QString("cancelled; nothing was imported")
                          : result.too_many_cancellations
                              ? QString::fromStdString(result.error + ": confirm the cancellations in the import's preview "
                                                                      "(nothing was imported)")
                              : QString::fromStdString(result.error + " (nothing was imported)");
            emit imported(ticket, false, why);
            return;
        }
        emit progress(ticket, 1000, "Preparing the undo and the views");
        auto after = storage::read_state(store_->database());
        emit importUndo(ticket, std::make_shared<const std::vector<Command>>(storage::restore(before, after)),
                        std::make_shared<const std::vector<Command>>(storage::restore(after, before)));
        emit imported(ticket, true, QString::fromStdString(storage::difference_summary(result.difference)));
        emit delta(indexed(read_all(store_->database(), 0)));
        after_local_change();
    } catch (const std::bad_alloc&) {
        rechecked_ = {};
        emit imported(ticket, false, "not enough memory to import " + request.ssim + " (nothing was imported)");
    } catch (...) {
        rechecked_ = {};
        emit imported(ticket, false, current_failure());
    }
}

void StoreWorker::load_demo(quint64 ticket) {
    try {
        if (!store_ || !storage::load_demo_schedule(*store_, context_)) {
            emit imported(ticket, false, store_ ? QString("the schedule is not empty: the demo goes only into an empty one")
                                                : QString("no schedule is open"));
            return;
        }
        emit imported(ticket, true, "the demo schedule");
        emit delta(indexed(read_all(store_->database(), 0)));
        after_local_change();
    } catch (...) {
        emit imported(ticket, false, current_failure());
    }
}

void StoreWorker::import_reference(quint64 ticket, QString kind, QString path) {
    try {
        std::string text;
        storage::ImportSource source;
        QString error;
        if (!store_ || !load(path, text, source, error)) {
            emit imported(ticket, false, store_ ? error : QString("no schedule is open"));
            return;
        }
        files::ParseError parse_error;
        storage::ImportResult result;
        auto with_notes = [&] {
            source.notes = parse_error.notes;
            return source;
        };
        if (kind == "airports") {
            auto rows = files::parse_airports_csv(source.file, text, parse_error);
            if (rows) result = storage::import_airports(*store_, *rows, with_notes(), context_);
        } else {
            auto rows = files::parse_airplanes_csv(source.file, text, parse_error);
            if (rows) result = storage::import_airplanes(*store_, *rows, with_notes(), context_);
        }
        if (!parse_error.message.empty()) {
            emit imported(ticket, false, QString::fromStdString(parse_error.message + " (nothing was imported)"));
            return;
        }
        if (!result.ok) {
            rechecked_ = {};  // rolled back: nothing of it stands
            emit imported(ticket, false, QString::fromStdString(result.error + " (nothing was imported)"));
            return;
        }
        emit imported(ticket, true, QString("%1 %2").arg(result.records).arg(kind));
        emit delta(indexed(read_all(store_->database(), 0)));
        after_local_change();
    } catch (...) {
        emit imported(ticket, false, current_failure());
    }
}

void StoreWorker::export_ssim(quint64 ticket, QString path) {
    try {
        if (!store_) {
            emit exported(ticket, false, "no schedule is open");
            return;
        }
        auto in = storage::export_input(store_->database());
        auto written = ssim::write(in);
        if (written.error) {
            emit exported(ticket, false, QString::fromStdString(*written.error));
            return;
        }
        QSaveFile out(path);
        if (!out.open(QIODevice::WriteOnly) || out.write(written.text.data(), qint64(written.text.size())) != qint64(written.text.size()) ||
            !out.commit()) {
            emit exported(ticket, false, QString("cannot write %1: %2").arg(path, out.errorString()));
            return;
        }
        emit exported(ticket, true, count_of(in.legs.size(), "leg", "legs") + " as " + count_of(written.leg_records, "flight leg record", "flight leg records"));
    } catch (...) {
        emit exported(ticket, false, current_failure());
    }
}

std::shared_ptr<ScheduleDelta> StoreWorker::travel_in_place(storage::Database& target_db, std::int64_t target) {
    // The view is the store as it is (colleagues' newest events at most not
    // yet in it: they are among the events read here), or the past it was
    // sent. A replay taken back and decided again moved the positions.
    if (replay_unshown_) return nullptr;
    auto& events = store_->events();
    const std::int64_t shown = as_of_ ? as_of_ : events.last_position();
    const std::int64_t from = std::min(shown, target), to = std::max(shown, target);
    if (storage::compares_whole_tables(events, from, to)) return nullptr;  // a season between: decoding it costs more
    auto d = std::make_shared<ScheduleDelta>();
    d->rotations = storage::rotation_list(target_db);
    if (!same_rotation_ids(d->rotations, as_of_ ? past_rotations_ : storage::rotation_list(store_->database())))
        return nullptr;
    const auto touched = storage::legs_concerned_between(events, from, to);
    if (touched.size() > kLegsMovedInPlace) return nullptr;
    storage::LegLookup lookup(target_db);
    for (LegId id : touched) {
        if (auto row = lookup(id)) d->legs.push_back(std::move(*row));
        else d->removed.push_back(id);
    }
    read_lists(target_db, *d, true);
    d->as_of = target == events.last_position() ? 0 : target;
    if (d->as_of) d->position = target;
    d->moves_in_time = true;
    return d;
}

void StoreWorker::view_as_of(qint64 position) {
    if (!store_) return;
    try {
        if (position <= 0 || position >= store_->events().last_position()) {
            auto d = as_of_ ? travel_in_place(store_->database(), store_->events().last_position()) : nullptr;
            as_of_ = 0;
            unshown_from_.reset();  // everything is read now, colleagues' events included
            replay_unshown_ = false;
            emit delta(d ? std::move(d) : indexed(read_all(store_->database(), 0)));
            return;
        }
        storage::Database past = storage::project_as_of(store_->events(), position);
        auto d = travel_in_place(past, position);
        if (!d) d = read_all(past, position);
        as_of_ = position;
        past_rotations_ = d->rotations;
        // The schedule first. Then what differs from now, while the replay is
        // in hand (later would replay again): comparing a point early in an
        // import reads both seasons' legs, a third of a second the planner
        // no longer waits for. Until it comes, no comparison is shown: the
        // last one was of another point.
        emit delta(d->full ? indexed(std::move(d)) : std::move(d));
        emit compared(nullptr);
        try {
            emit compared(std::make_shared<const storage::Comparison>(storage::compare_with_now(past, store_->database(), store_->events(), position)));
        } catch (...) {
            emit comparisonFailed(current_failure());  // the schedule shown stands; only its comparison is missing
        }
    } catch (...) {
        emit failed(current_failure());
    }
}

void StoreWorker::load_history(int limit, QString leg, QString stream) {
    try {
        if (!store_) return;
        if (!stream.isEmpty()) {
            emit history(std::make_shared<const History>(storage::stream_history(store_->events(), stream.toStdString())));
            return;
        }
        if (auto id = Uuid::parse(leg.toStdString())) {
            emit history(std::make_shared<const History>(storage::leg_history(store_->events(), LegId{*id})));
            return;
        }
        emit history(std::make_shared<const History>(storage::recent_history(store_->events(), limit)));
    } catch (...) {
        emit failed(current_failure());
    }
}

}  // namespace rotaplan::ui
