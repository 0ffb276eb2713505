#include "sync_settings_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProcessEnvironment>
#include <QVBoxLayout>

#include "ui/sync/sync_tokens.h"

namespace rotaplan::ui {

SyncSettingsDialog::SyncSettingsDialog(const SyncSettings& current, QWidget* parent) : QDialog(parent) {
    setObjectName("syncSettingsDialog");
    setWindowTitle("Sync settings");
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    server_ = new QLineEdit(current.server);
    server_->setObjectName("syncServerEdit");
    server_->setAccessibleName("Server URL");
    server_->setPlaceholderText("https://rotaplan.example:8443 (empty: do not sync)");
    token_ = new QLineEdit(current.token);
    token_->setObjectName("syncTokenEdit");
    token_->setAccessibleName("Token");
    token_->setEchoMode(QLineEdit::Password);
    form->addRow("&Server:", server_);
    form->addRow("&Token:", token_);
    layout->addLayout(form);
    auto env = QProcessEnvironment::systemEnvironment();
    if (env.contains("ROTAPLAN_SERVER") || env.contains("ROTAPLAN_TOKEN")) {
        auto* note = new QLabel("ROTAPLAN_SERVER or ROTAPLAN_TOKEN is set: at the next start it takes precedence over "
                                "what you save here.");
        note->setWordWrap(true);
        layout->addWidget(note);
    }
    // Where the token goes: the planner should know when it is not kept beyond this run.
    keychain_note_ = new QLabel(SyncTokens::missing_note() + ".");
    keychain_note_->setObjectName("syncKeychainNote");
    keychain_note_->setWordWrap(true);
    layout->addWidget(keychain_note_);
    auto& tokens = SyncTokens::instance();
    keychain_note_->setVisible(tokens.keychain() == SyncTokens::Keychain::Missing);
    connect(&tokens, &SyncTokens::keychainKnown, keychain_note_,
            [note = keychain_note_](SyncTokens::Keychain k) { note->setVisible(k == SyncTokens::Keychain::Missing); });
    tokens.probe();
    problem_ = new QLabel;
    problem_->setObjectName("syncSettingsProblem");
    problem_->setWordWrap(true);
    layout->addWidget(problem_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(520, sizeHint().height());
}

SyncSettings SyncSettingsDialog::settings() const { return {server_->text().trimmed(), token_->text().trimmed()}; }

void SyncSettingsDialog::accept() {
    QString problem = settings().problem();
    if (!problem.isEmpty()) {
        problem_->setText(problem);
        return;
    }
    QDialog::accept();
}

}  // namespace rotaplan::ui
