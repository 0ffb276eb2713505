#include "leg_table_model.h"

#include <QPromise>
#include <QThreadPool>

#include <algorithm>

#include "ui/session/shown_time.h"

namespace rotaplan::ui {

LegTableModel::LegTableModel(ScheduleView& view, QObject* parent) : QAbstractTableModel(parent), view_(view) {
    connect(&view_, &ScheduleView::changed, this, &LegTableModel::on_schedule_changed);
    connect(&view_, &ScheduleView::displayChanged, this, [this] {
        emit headerDataChanged(Qt::Horizontal, Std, Sta);
        if (rowCount() > 0) emit dataChanged(index(0, Std), index(rowCount() - 1, Sta), {Qt::DisplayRole, Qt::ToolTipRole});
    });
    connect(&watcher_, &QFutureWatcherBase::finished, this, &LegTableModel::take_order);
}

int LegTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows().size());
}

int LegTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LegTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const storage::LegRow& r = *rows()[std::size_t(index.row())];
    if (role == LegIdRole) return QString::fromStdString(r.leg.id.value.str());
    auto s = [](const std::string& v) { return QString::fromStdString(v); };
    if (role == Qt::ToolTipRole && view_.local_times()) {  // the stored time beside the local one
        if (index.column() == Std) return "UTC " + s(format_instant(r.leg.std_utc));
        if (index.column() == Sta) return "UTC " + s(format_instant(r.leg.sta_utc));
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case Designator: return s(format_designator(r.leg.designator));
    case Departure: return s(r.leg.designator.departure.str());
    case Arrival: return s(r.leg.arrival.str());
    case Std: return shown_time(r.leg.std_utc, view_.shown_offsets(r.leg).departure);
    case Sta: return shown_time(r.leg.sta_utc, view_.shown_offsets(r.leg).arrival);
    case AircraftType: return s(r.leg.aircraft_type.str());
    case Rotation: return s(r.rotation_name);
    case Airplane: return s(r.airplane);
    }
    return {};
}

QVariant LegTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    if (section == Std || section == Sta)
        return QString(section == Std ? "STD" : "STA") + (view_.local_times() ? " (local)" : " (UTC)");
    static const char* names[] = {"Flight designator", "Dep", "Arr", "", "", "Type", "Rotation", "Airplane"};
    return section >= 0 && section < ColumnCount ? QString(names[section]) : QVariant();
}

int LegTableModel::row_of(LegId id) const {
    const auto* row = view_.leg(id);
    if (!row) return -1;
    if (custom_) {
        auto it = std::find(rows_.begin(), rows_.end(), row);
        return it == rows_.end() ? -1 : int(it - rows_.begin());
    }
    const auto& v = rows();
    auto it = std::lower_bound(v.begin(), v.end(), row, [](const storage::LegRow* a, const storage::LegRow* b) {
        return a->leg.std_utc < b->leg.std_utc;
    });
    for (; it != v.end() && (*it)->leg.std_utc == row->leg.std_utc; ++it)
        if (*it == row) return int(it - v.begin());
    return -1;
}

void LegTableModel::sort(int column, Qt::SortOrder order) {
    sort_column_ = column;
    sort_order_ = order;
    latest_->store(++generation_);  // whatever is in flight is superseded
    if (natural(column, order) || (custom_ && shown_column_ == column && shown_order_ == order)) {
        pending_.reset();
        if (natural(column, order) && custom_) relayout(view_.table_rows(), false);
        emit sorted();
        return;
    }
    request_sort();
}

void LegTableModel::request_sort() {
    Pending p;
    p.generation = ++generation_;
    latest_->store(p.generation);
    p.revision = view_.revision();
    // The keys are copied here, on the GUI thread that owns the rows.
    LegSortInput input = sort_input(view_, sort_column_);
    p.rows = std::move(input.rows);
    auto keys = std::make_shared<const MappedVector<LegSortKey>>(std::move(input.keys));
    const bool descending = sort_order_ == Qt::DescendingOrder;
    auto promise = std::make_shared<QPromise<std::shared_ptr<const Order>>>();
    promise->start();
    watcher_.setFuture(promise->future());  // no longer watching an older sort: its order is never shown
    QThreadPool::globalInstance()->start([promise, keys, descending, generation = p.generation, latest = latest_] {
        if (latest->load() == generation) {  // else superseded before it began
            auto out = std::make_shared<Order>();
            out->generation = generation;
            out->order = sorted_order(*keys, descending);
            promise->addResult(std::shared_ptr<const Order>(std::move(out)));
        }
        promise->finish();
    });
    pending_ = std::move(p);
}

void LegTableModel::take_order() {
    QFuture<std::shared_ptr<const Order>> future = watcher_.future();
    if (!pending_ || future.resultCount() == 0) return;
    std::shared_ptr<const Order> order = future.result();
    if (order->generation != pending_->generation) return;
    if (pending_->revision != view_.revision()) {  // the schedule changed since the keys were taken
        request_sort();
        return;
    }
    std::vector<const storage::LegRow*> next(order->order.size());
    for (std::size_t i = 0; i < next.size(); ++i) next[i] = pending_->rows[order->order[i]];
    pending_.reset();
    shown_column_ = sort_column_;
    shown_order_ = sort_order_;
    relayout(std::move(next), true);
    emit sorted();
}

void LegTableModel::relayout(std::vector<const storage::LegRow*> next, bool custom) {
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList from = persistentIndexList();
    // The rows the persistent indexes (the selection, the current row) stand
    // on, found in the new order in one pass.
    std::vector<std::pair<const storage::LegRow*, int>> held;
    for (const auto& i : from) held.emplace_back(rows()[std::size_t(i.row())], -1);
    std::sort(held.begin(), held.end());
    if (!held.empty())
        for (std::size_t r = 0; r < next.size(); ++r) {
            auto it = std::lower_bound(held.begin(), held.end(), std::pair(next[r], -1));
            for (; it != held.end() && it->first == next[r]; ++it) it->second = int(r);
        }
    QModelIndexList to;
    to.reserve(from.size());
    for (const auto& i : from) {
        auto it = std::lower_bound(held.begin(), held.end(), std::pair(rows()[std::size_t(i.row())], -1));
        to << (it->second < 0 ? QModelIndex() : index(it->second, i.column()));
    }
    custom_ = custom;
    rows_ = custom ? std::move(next) : std::vector<const storage::LegRow*>();
    changePersistentIndexList(from, to);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void LegTableModel::on_schedule_changed() {
    const auto& change = view_.last_change();
    beginResetModel();
    if (custom_ && change.legs_only) {
        patch(change);
    } else if (custom_) {  // the order cannot be trusted: the STD order until the sort is back
        custom_ = false;
        rows_ = {};
    }
    endResetModel();
    bool in_order = custom_ && shown_column_ == sort_column_ && shown_order_ == sort_order_;
    if (!natural(sort_column_, sort_order_) && (pending_ || !in_order)) request_sort();
}

void LegTableModel::patch(const ScheduleView::Change& change) {
    const bool descending = shown_order_ == Qt::DescendingOrder;
    std::vector<const storage::LegRow*> left = change.left;
    std::sort(left.begin(), left.end());
    if (!left.empty())
        std::erase_if(rows_, [&](const storage::LegRow* r) { return std::binary_search(left.begin(), left.end(), r); });
    auto before = [&](const storage::LegRow* a, const storage::LegRow* b) { return row_before(*a, *b, shown_column_, descending); };
    std::vector<const storage::LegRow*> placed;
    for (const auto* r : change.placed)
        if (view_.filter().matches(r->leg)) placed.push_back(r);
    if (placed.empty()) return;
    std::sort(placed.begin(), placed.end(), before);
    std::vector<const storage::LegRow*> out;
    out.reserve(rows_.size() + placed.size());
    auto from = rows_.cbegin();
    for (const auto* row : placed) {
        auto at = std::upper_bound(from, rows_.cend(), row, before);
        out.insert(out.end(), from, at);
        out.push_back(row);
        from = at;
    }
    out.insert(out.end(), from, rows_.cend());
    rows_ = std::move(out);
}

}  // namespace rotaplan::ui
