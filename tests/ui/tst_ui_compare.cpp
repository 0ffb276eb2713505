// Time travel's "Compare with now", offscreen: the differences between the
// schedule viewed as of an earlier event and now, computed on the worker,
// listed in the dialog, a line leading to its leg in the chart; and a
// difference of thousands of legs counted whole but listed only in part.
#include <QListWidget>
#include <QToolButton>

#include <algorithm>
#include <set>

#include "storage/projections/queries.h"
#include "ui/commands/leg_changes.h"
#include "ui/commands/rotation_changes.h"
#include "storage/projections/comparison.h"
#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

namespace {
int line_with(QListWidget& list, const QString& text) {
    for (int i = 0; i < list.count(); ++i)
        if (list.item(i)->text().contains(text)) return i;
    return -1;
}
}  // namespace

class TestUiCompare : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void theComparisonListsWhatChangedSinceTheViewedPoint() {
        std::string path = dir_.filePath("compare.db").toStdString();
        make_small_schedule(path);
        {
            storage::ScheduleStore store(path);
            store.execute(RegisterAirplane{Registration::from("D-AIAA"), AircraftType::from("320"), 30}, storage::default_context());
        }
        OpenWindow w = open_window(path);
        auto& session = *w.session;
        const auto then = session.view().position();

        // After that point: a retime, a move, a new rotation, an assignment.
        ui::retime_legs(session, {kXQ101}, 10);
        QVERIFY(wait_idle(session));
        ui::move_legs(session, {kXQ300}, kR2);
        QVERIFY(wait_idle(session));
        ui::create_rotation(session, "R3");
        QVERIFY(wait_idle(session));
        ui::assign_airplane(session, Registration::from("D-AIAA"), kR1);
        QVERIFY(wait_idle(session));

        session.view_as_of(then);
        QTRY_VERIFY(session.view().as_of() == then && session.comparison());
        auto* button = w.window->findChild<QToolButton*>("compareWithNow");
        QVERIFY(button && button->isVisible());  // in the status bar while looking back
        button->click();
        auto& dialog = w.window->show_comparison();
        QVERIFY(dialog.isVisible());
        QVERIFY2(dialog.summary().text().contains(QString("As of event %1").arg(then)), qPrintable(dialog.summary().text()));
        QVERIFY2(dialog.summary().text().contains("1 leg retimed, 1 leg moved to another rotation, 1 rotation created, "
                                                  "1 airplane assigned differently"),
                 qPrintable(dialog.summary().text()));
        auto& lines = dialog.lines();
        int retime = line_with(lines, "~ XQ101/MUC/2026-04-01 retimed 2026-04-01T07:40Z-2026-04-01T08:40Z -> "
                                      "2026-04-01T07:50Z-2026-04-01T08:50Z");
        QVERIFY(retime >= 0);
        QVERIFY(line_with(lines, "> XQ300/MUC/2026-04-01 moved no rotation -> R2") >= 0);
        QVERIFY(line_with(lines, "+ rotation R3 created") >= 0);
        QVERIFY(line_with(lines, "> airplane D-AIAA: no rotation -> R1") >= 0);
        QCOMPARE(lines.count(), 4);  // nothing else differs

        // Choosing the retime selects its leg in the chart (the past one, shown now).
        lines.setCurrentRow(retime);
        QCOMPARE(w.window->chart().selection(), (std::vector<LegId>{kXQ101}));
        QCOMPARE(session.view().leg(kXQ101)->leg.std_utc, *parse_instant("2026-04-01T07:40Z"));

        // Back to now: the dialog keeps the comparison; a line leads to now's leg.
        session.view_as_of(0);
        QTRY_VERIFY(session.view().as_of() == 0);
        QVERIFY(!button->isVisible());
        lines.setCurrentRow(line_with(lines, "XQ300"));
        QCOMPARE(w.window->chart().selection(), (std::vector<LegId>{kXQ300}));
        QCOMPARE(session.view().leg(kXQ300)->rotation, std::optional<RotationId>(kR2));
    }

    // The schedule of a point is shown before its comparison is made; the
    // dialog, open meanwhile, says it is comparing rather than showing the
    // comparison of the point looked at before.
    void theComparisonOfTheLastPointIsNotShownForTheNext() {
        std::string path = dir_.filePath("next-point.db").toStdString();
        make_small_schedule(path);
        OpenWindow w = open_window(path);
        auto& session = *w.session;
        const auto first = session.view().position() - 1, second = session.view().position() - 2;
        session.view_as_of(first);
        QTRY_VERIFY(session.comparison() && session.comparison()->as_of == first);
        auto& dialog = w.window->show_comparison();
        std::vector<std::pair<std::int64_t, QString>> seen;  // the comparison's point (0: none) and the dialog's words
        QObject watching;  // gone before `seen`: the connection with it
        connect(&session, &ui::Session::compared, &watching, [&] {
            seen.emplace_back(session.comparison() ? session.comparison()->as_of : 0, dialog.summary().text());
        });
        session.view_as_of(second);
        QTRY_COMPARE(seen.size(), std::size_t(2));
        QCOMPARE(seen[0].first, 0);
        QVERIFY2(seen[0].second.startsWith("Comparing the schedule shown with now"), qPrintable(seen[0].second));
        QCOMPARE(seen[1].first, second);
        QVERIFY2(seen[1].second.contains(QString("As of event %1").arg(second)), qPrintable(seen[1].second));
    }

    // An amendment of a leg's SSIM attributes alone (a re-import that changed
    // only passenger times or a terminal) is a difference too: the comparison
    // once left it out, while the re-import and restore counted it.
    void anAttributesOnlyAmendmentIsADifference() {
        std::string path = dir_.filePath("attributes.db").toStdString();
        make_small_schedule(path);
        storage::ScheduleStore store(path);
        const auto then = store.events().last_position();
        Leg amended = storage::LegLookup(store.database())(kXQ200)->leg;
        amended.attributes = 0x5eed;
        QVERIFY(store.execute(AmendLegs{{amended}}, storage::default_context()).ok);
        storage::Database past = storage::project_as_of(store.events(), then);
        auto c = storage::compare_with_now(past, store.database(), store.events(), then);
        QCOMPARE(c.legs_changed, 1L);
        QCOMPARE(c.total_lines, 1L);
        QCOMPARE(c.lines.size(), std::size_t(1));
        QCOMPARE(c.lines.front().text, std::string("* XQ200/FRA/2026-04-01 changed: SSIM attributes"));
        QCOMPARE(c.lines.front().leg, std::optional<LegId>(kXQ200));
    }

    // A season's worth of events between the two points: both legs tables
    // are read whole and merged in leg id order, legs only then, only now
    // and in both interleaved, and the lines still name rotations.
    void aSeasonBetweenIsComparedFromBothLegsTablesWhole() {
        std::string path = dir_.filePath("season-between.db").toStdString();
        storage::ScheduleStore store(path);
        auto ctx = storage::default_context();
        auto leg = [](std::uint64_t id, std::uint16_t number, int minutes) {
            Leg l = ui_leg(id, "XQ1/FRA/2026-04-01", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z");
            l.designator.flight.number = number;
            l.std_utc.minutes += minutes;
            l.sta_utc.minutes += minutes;
            return l;
        };
        QVERIFY(store.execute(CreateRotation{kR1, "R1"}, ctx).ok);
        std::vector<Leg> there;
        for (std::uint16_t i = 0; i < 40; ++i) there.push_back(leg(2000 + 2 * i, std::uint16_t(1 + i), 10 * i));
        QVERIFY(store.execute(AddLegs{std::nullopt, there}, ctx).ok);
        const auto then = store.events().last_position();
        // Added after it, in 60 events: ids before those there, between them and after them.
        for (std::uint16_t k = 0; k < 60; ++k) {
            const std::uint64_t id = k < 40 ? 2001 + 2 * k : 3000 + k;
            QVERIFY(store.execute(AddLegs{std::nullopt, {leg(id, std::uint16_t(500 + k), 7 * k), leg(1000 + k, std::uint16_t(700 + k), 3 * k)}}, ctx).ok);
        }
        // And ids whose order needs both halves, unsigned: a top bit set, a low half all ones.
        std::vector<Leg> wide{leg(0, 900, 1), leg(0, 901, 2), leg(0, 902, 4)};
        wide[0].id = LegId{Uuid{1ull << 63, 0}};
        wide[1].id = LegId{Uuid{2000, ~0ull}};
        wide[2].id = LegId{Uuid{2001, 0}};
        QVERIFY(store.execute(AddLegs{std::nullopt, wide}, ctx).ok);
        std::vector<rotation::LegTimes> times;
        for (int i : {0, 5, 39}) times.push_back({there[std::size_t(i)].id, Instant{there[std::size_t(i)].std_utc.minutes + 10},
                                                  Instant{there[std::size_t(i)].sta_utc.minutes + 10}});
        QVERIFY(store.execute(RetimeLegs{times}, ctx).ok);
        QVERIFY(store.execute(MoveLegs{{there[1].id, there[12].id}, kR1}, ctx).ok);
        QVERIFY(store.execute(DeleteLegs{{there[3].id, there[4].id, there[20].id, there[38].id}}, ctx).ok);
        const auto now = store.events().last_position();
        QVERIFY(storage::compares_whole_tables(store.events(), then, now));

        storage::Database past = storage::project_as_of(store.events(), then);
        auto c = storage::compare_with_now(past, store.database(), store.events(), then);
        QCOMPARE(c.legs_added, 123L);
        QCOMPARE(c.legs_removed, 4L);
        QCOMPARE(c.legs_retimed, 3L);
        QCOMPARE(c.legs_moved, 2L);
        QCOMPARE(c.legs_changed, 0L);
        QCOMPARE(c.total_lines, 132L);
        QVERIFY(std::is_sorted(c.lines.begin(), c.lines.end(), [&](const auto& a, const auto& b) {
            auto at = [&](const storage::ComparisonLine& l) {
                auto r = storage::find_leg(store.database(), *l.leg);
                return r ? r->leg.std_utc : storage::find_leg(past, *l.leg)->leg.std_utc;
            };
            return at(a) < at(b);
        }));
        QCOMPARE(std::count_if(c.lines.begin(), c.lines.end(), [](const auto& l) { return l.text.ends_with("moved no rotation -> R1"); }), 2L);
        // The same legs one by one, as the schedule change messages read them.
        std::set<LegId> changed;
        storage::for_each_leg_change(past, store.database(), store.events(), then, now,
                                     [&](const auto& a, const auto& b) { QVERIFY(changed.insert(a ? a->leg.id : b->leg.id).second); });
        QCOMPARE(changed.size(), std::size_t(132));
        QVERIFY(changed.count(LegId{Uuid{1000, 1000}}) && changed.count(LegId{Uuid{3059, 3059}}) && changed.count(there[20].id));
        for (const Leg& l : wide) QVERIFY(changed.count(l.id));
    }

    void aHugeDifferenceIsCountedWholeAndListedInPart() {
        std::string path = dir_.filePath("huge.db").toStdString();
        storage::ScheduleStore store(path);
        auto ctx = storage::default_context();
        store.execute(CreateRotation{kR1, "R1"}, ctx);
        const auto then = store.events().last_position();
        std::vector<Leg> legs;
        for (std::uint64_t i = 0; i < 1500; ++i) {
            Leg l = ui_leg(1000 + i, "XQ100/FRA/2026-04-01", "MUC", "2026-04-01T06:00Z", "2026-04-01T07:00Z");
            l.designator.flight.number = std::uint16_t(1 + i);
            legs.push_back(l);
        }
        QVERIFY(store.execute(AddLegs{std::nullopt, legs}, ctx).ok);
        QVERIFY(store.execute(DeleteRotation{kR1}, ctx).ok);
        storage::Database past = storage::project_as_of(store.events(), then);
        auto c = storage::compare_with_now(past, store.database(), store.events(), then);
        QCOMPARE(c.legs_added, 1500L);
        QCOMPARE(c.rotations_deleted, 1L);
        QCOMPARE(c.total_lines, 1501L);
        QCOMPARE(c.lines.size(), storage::Comparison::kMaxLines);
        QVERIFY(c.lines.front().text.starts_with("- rotation R1 deleted"));
        QVERIFY(c.lines.back().text.starts_with("+ XQ"));
    }
};

QTEST_MAIN(TestUiCompare)
#include "tst_ui_compare.moc"
