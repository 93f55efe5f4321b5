"""Regenerates the Japanese UI translation: lupdate -> fill from the table below -> lrelease.

Run from the repository root:  .venv/bin/python resources/translations/update_ja.py
The table is the source of truth for Japanese strings; a string missing from it stays
"unfinished" in the .ts (and shows in English) and is listed on stdout.
"""
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "assistant" / "resources" / "translations" / "assistant_ja.ts"
BIN = Path(sys.executable).parent

JA = {
    "Ask a question about your documents.": "文書について質問してください。",
    "Ask about your documents — Enter sends, Shift+Enter adds a line":
        "文書について質問 — Enter で送信、Shift+Enter で改行",
    "Send": "送信",
    "Stop": "停止",
    "Stop the answer (Esc)": "回答を停止 (Esc)",
    "You": "あなた",
    "Assistant": "アシスタント",
    "Sources": "出典",
    "(stopped)": "(停止しました)",
    "Could not answer: {0}": "回答できませんでした: {0}",
    "New chat": "新しいチャット",
    "Start a new chat (Ctrl+N)": "新しいチャットを開始 (Ctrl+N)",
    "Rename": "名前の変更",
    "Delete": "削除",
    "<b>Chats</b>": "<b>チャット</b>",
    "Untitled chat": "無題のチャット",
    "Chats": "チャット",
    "This chat could not be opened: {0}": "このチャットを開けませんでした: {0}",
    "Rename chat": "チャットの名前を変更",
    "Title:": "タイトル:",
    "Delete chat": "チャットを削除",
    "Delete “{0}”? This cannot be undone.": "「{0}」を削除しますか? 元に戻せません。",
    "File": "ファイル",
    "State": "状態",
    "Chunks": "チャンク",
    "<h3>Your library is empty</h3><p>Drop a folder or files here,<br>or click <b>Add folder…</b>.</p>"
    "<p>PDF, Word, HTML, Markdown and text files are indexed on this computer; nothing leaves it.</p>":
        "<h3>ライブラリは空です</h3><p>ここにフォルダーやファイルをドロップするか、<br>"
        "<b>フォルダーを追加…</b> をクリックしてください。</p>"
        "<p>PDF・Word・HTML・Markdown・テキストファイルはこのコンピューター上で索引化され、"
        "外部には一切送信されません。</p>",
    "Add folder…": "フォルダーを追加…",
    "Add files…": "ファイルを追加…",
    "Cancel": "キャンセル",
    "Stop indexing; it resumes where it stopped next time": "索引作成を停止 (次回は続きから再開)",
    "<b>Library</b>": "<b>ライブラリ</b>",
    "Add a folder to the library": "ライブラリにフォルダーを追加",
    "Add files to the library": "ライブラリにファイルを追加",
    "Documents (*.pdf *.docx *.html *.htm *.md *.markdown *.txt);;All files (*)":
        "文書 (*.pdf *.docx *.html *.htm *.md *.markdown *.txt);;すべてのファイル (*)",
    "Remove from library": "ライブラリから外す",
    "Scanning…": "スキャン中…",
    "%n file(s)": "%n 件のファイル",
    "{0} files, {1} chunks": "{0} ファイル、{1} チャンク",
    "{0} to index, {1} unchanged": "索引対象 {0} 件、変更なし {1} 件",
    "Finished: {0} indexed, {1} failed in {2:.1f} s": "完了: {0} 件索引化、{1} 件失敗 ({2:.1f} 秒)",
    "Document Assistant": "ドキュメント アシスタント",
    "&File": "ファイル(&F)",
    "&Add folder…": "フォルダーを追加(&A)…",
    "Add &files…": "ファイルを追加(&F)…",
    "&Update index": "索引を更新(&U)",
    "Index new and changed files in every library folder": "すべてのライブラリフォルダーの新規・変更ファイルを索引化",
    "&Settings…": "設定(&S)…",
    "&Quit": "終了(&Q)",
    "&Chat": "チャット(&C)",
    "&New chat": "新しいチャット(&N)",
    "&Stop answer": "回答を停止(&S)",
    "Model: not loaded": "モデル: 未読み込み",
    "Opening library…": "ライブラリを開いています…",
    "Stopping indexing…": "索引作成を停止しています…",
    "Library unavailable": "ライブラリを利用できません",
    "The library could not be opened: {0}": "ライブラリを開けませんでした: {0}",
    "Library: {0} files, {1} chunks": "ライブラリ: {0} ファイル、{1} チャンク",
    "Indexing stopped; it resumes next time.": "索引作成を停止しました。次回続きから再開します。",
    "Loading model…": "モデルを読み込み中…",
    "Model: {0} ({1})": "モデル: {0} ({1})",
    "Model: failed to load": "モデル: 読み込み失敗",
    "The model could not be loaded: {0}\nChoose another model in Settings; the library still works.":
        "モデルを読み込めませんでした: {0}\n設定で別のモデルを選んでください。ライブラリは引き続き使えます。",
    "Settings": "設定",
    "Bundled (Gemma 3 270M)": "同梱 (Gemma 3 270M)",
    "Browse…": "参照…",
    "Auto (all layers when supported)": "自動 (対応時は全レイヤー)",
    "Off (CPU only)": "オフ (CPU のみ)",
    "Number of layers": "レイヤー数を指定",
    "GPU offload: supported": "GPU オフロード: 対応",
    "GPU offload: not available (this llama.cpp build or machine has no GPU support); the model runs on the CPU":
        "GPU オフロード: 利用不可 (この llama.cpp ビルドまたはマシンは GPU 非対応)。モデルは CPU で動作します",
    "GPU offload: checking…": "GPU オフロード: 確認中…",
    "Auto": "自動",
    "System": "システム",
    "Model:": "モデル:",
    "Context length (tokens):": "コンテキスト長 (トークン):",
    "GPU layers:": "GPU レイヤー:",
    "CPU threads:": "CPU スレッド数:",
    "Temperature:": "温度:",
    "Number of sources:": "出典の数:",
    "Language:": "言語:",
    "A language change takes effect the next time the app starts.": "言語の変更は次回の起動時に反映されます。",
    "Choose a GGUF model": "GGUF モデルを選択",
    "GGUF models (*.gguf);;All files (*)": "GGUF モデル (*.gguf);;すべてのファイル (*)",
    "Source": "出典",
    "Open in default app": "既定のアプリで開く",
    "page {0}": "{0} ページ",
    "Source — {0}": "出典 — {0}",
    "Passage: {0}": "該当箇所: {0}",
    "The file is no longer at {0}.": "ファイルは {0} にもうありません。",
    "Loading…": "読み込み中…",
    "This PDF could not be shown ({0}).": "この PDF を表示できませんでした ({0})。",
    "This file could not be read: {0}": "このファイルを読み込めませんでした: {0}",
    "### Ask your documents\n\nType a question below and press Enter. Every answer lists the passages "
    "it was built from; click a source or a citation such as [1] to open the document at that page."
    "\n\nEverything runs on this computer.":
        "### 文書に質問する\n\n下の欄に質問を入力して Enter を押してください。回答には根拠となった箇所が"
        "一覧表示されます。出典や [1] のような引用をクリックすると、そのページで文書が開きます。"
        "\n\nすべての処理はこのコンピューター上で行われます。",
    "indexed": "索引済み",
    "pending": "待機中",
    "failed": "失敗",
    "skipped": "スキップ",
    # Library: "Remove" takes a file or folder out of the library (files stay on disk); it
    # must not read like the chat list's "Delete" (削除), which deletes a chat for good.
    "Remove…": "外す…",
    "Remove file…": "ファイルを外す…",
    "Remove folder…": "フォルダーを外す…",
    "Select a folder or file to remove it from the library": "ライブラリから外すフォルダーかファイルを選択してください",
    "Remove {0} from the library": "{0} をライブラリから外す",
    "Remove {0} and its files from the library": "{0} とその中のファイルをライブラリから外す",
    "Remove the file {0} from the library?\n\nIt stays on disk; it is no longer searched or indexed "
    "(add it again to bring it back).":
        "ファイル {0} をライブラリから外しますか?\n\nファイルはディスクに残ります。今後は検索も索引化も"
        "されません (もう一度追加すると戻ります)。",
    "Remove the folder {0} and all its files from the library?\n\nThe files stay on disk; only their "
    "index entries are deleted.":
        "フォルダー {0} とその中のすべてのファイルをライブラリから外しますか?\n\nファイルはディスクに残り、"
        "索引の項目だけが削除されます。",
    "Open": "開く",
    "Reading {0}": "読み込み中: {0}",
    "Adding search vectors: {0}": "検索用ベクトルを追加中: {0}",
    "Adding search vectors: {0} / {1} chunks": "検索用ベクトルを追加中: {0} / {1} チャンク",
    "{0} / {1} files": "{0} / {1} ファイル",
    "estimating the time left…": "残り時間を見積もり中…",
    "about {0} left": "残り約 {0}",
    "finishing…": "まもなく完了…",
    "{0} · {1} chunks · {2}": "{0} · {1} チャンク · {2}",
    "{0} s": "{0} 秒",
    "{0} min {1:02d} s": "{0} 分 {1:02d} 秒",
    "{0} h {1:02d} min": "{0} 時間 {1:02d} 分",
    "Wait for indexing to finish before removing anything from the library.":
        "ライブラリから外す前に、索引作成の完了を待ってください。",
    "Preparing the search model (the first start takes a little while)…":
        "検索モデルを準備しています (初回の起動は少し時間がかかります)…",
    "<p>Opening library…</p><p>The first start prepares the search model on this computer, which "
    "takes a little while.</p>":
        "<p>ライブラリを開いています…</p><p>初回の起動では、このコンピューター上で検索モデルを準備するため、"
        "少し時間がかかります。</p>",
    # Chat
    "Stopping…": "停止しています…",
    "first text after {0:.2f} s · {1:.0f} tokens/s": "最初の文字まで {0:.2f} 秒 · {1:.0f} トークン/秒",
    "Your library is empty, so there is nothing to answer from yet. Add a folder or files first "
    "(File ▸ Add folder…, or drop them on the window), then ask again.":
        "ライブラリが空なので、まだ回答の材料がありません。先にフォルダーかファイルを追加してから "
        "(ファイル ▸ フォルダーを追加…、またはウィンドウにドロップ)、もう一度質問してください。",
    "Rename chat…": "チャットの名前を変更…",
    "Delete chat…": "チャットを削除…",
    "Rename the selected chat (F2)": "選択したチャットの名前を変更 (F2)",
    "Delete the selected chat (Delete)": "選択したチャットを削除 (Delete)",
    "Quote: {0}": "引用: {0}",
    "page {0} of {1}": "{0} / {1} ページ",
    # Help menu
    "&Help": "ヘルプ(&H)",
    "&Keyboard shortcuts": "キーボード ショートカット(&K)",
    "Keyboard shortcuts": "キーボード ショートカット",
    "Where my &data is": "データの保存場所(&D)",
    "Where my data is": "データの保存場所",
    "&About": "このアプリについて(&A)",
    "About": "このアプリについて",
    "Open folder": "フォルダーを開く",
    "Add a folder": "フォルダーを追加",
    "Send the question": "質問を送信",
    "New line in the question": "質問内で改行",
    "Stop the answer; close the source viewer": "回答を停止 / 出典ビューアーを閉じる",
    "Close the source viewer": "出典ビューアーを閉じる",
    "Rename the selected chat": "選択したチャットの名前を変更",
    "Delete the selected chat, or remove the selected library file or folder":
        "選択したチャットを削除 / ライブラリで選択したファイル・フォルダーを外す",
    "Quit": "終了",
    "<p>This library keeps everything in one folder on this computer:</p><p><b>{0}</b></p>"
    "<p>settings.toml (settings), conversations/ (your chats), {1} (the index) and models/ "
    "(language models you add).</p><p>Nothing is sent anywhere.</p>":
        "<p>このライブラリのデータはすべて、このコンピューター上の次のフォルダーにあります:</p>"
        "<p><b>{0}</b></p><p>settings.toml (設定)、conversations/ (チャット)、{1} (索引)、"
        "models/ (追加した言語モデル)。</p><p>外部には何も送信されません。</p>",
    "<h3>Document Assistant</h3><p>Answers questions about your own documents with a language "
    "model that runs on this computer. Every answer cites the passages it used.</p><p>No account, "
    "no internet connection, no telemetry.</p>":
        "<h3>ドキュメント アシスタント</h3><p>あなた自身の文書についての質問に、このコンピューター上で"
        "動く言語モデルで答えます。回答にはすべて、使った箇所が引用されます。</p>"
        "<p>アカウントもインターネット接続もテレメトリーも不要です。</p>",
    "From your documents": "あなたの文書から",
    "Searched: {0}": "検索した内容: {0}",
    "Dotted underline: not found in your documents; check it against the quotes.":
        "点線の下線: あなたの文書には見つからない語です。引用と照らし合わせてください。",
    "This answer was written by a small model: its wording may be wrong. Trust the quotes from your "
    "documents; a larger model is in":
        "この回答は小さなモデルが書いたもので、言い回しが誤っていることがあります。文書からの引用を"
        "信頼してください。より大きなモデルを選ぶには:",
    "The model could not answer: {0}. The quotes and sources above come straight from your documents; "
    "choose another model in":
        "モデルが回答できませんでした: {0}。上の引用と出典はあなたの文書そのものです。別のモデルを選ぶには:",
    "Settings → Models": "設定 → モデル",
    "not found in your documents": "あなたの文書には見つかりません",
    "Open the page with this sentence highlighted": "この文を強調表示してページを開く",
    "reading files… (keyword search works for what is read)":
        "ファイルを読み込み中… (読み込んだ分はキーワード検索できます)",
    "adding meaning search: {0}%": "意味検索を追加中: {0}%",
    "ready": "準備完了",
    "reading files…": "ファイルを読み込み中…",
    "Reading files: keyword search already works for the files read; meaning search (by sense, "
    "across languages) is added after.":
        "ファイルの読み込み中: 読み込んだファイルはすでにキーワード検索できます。意味検索 (言い換えや"
        "他言語でも見つかる検索) はその後に追加されます。",
    "Ready: keyword and meaning search work for every file.":
        "準備完了: すべてのファイルでキーワード検索と意味検索が使えます。",
    "Reading files… (keyword search works for what is read)":
        "ファイルを読み込み中… (読み込んだ分はキーワード検索できます)",
    "Adding meaning search: {0}%": "意味検索を追加中: {0}%",
    "Finishing the search index…": "検索索引を仕上げています…",
    "The model {0} could not be loaded: {1}\nThe previous model is kept.":
        "モデル {0} を読み込めませんでした: {1}\n前のモデルをそのまま使います。",
    "Models": "モデル",
    "The bundled model is small: it is quick, but its wording is often wrong. A larger GGUF model (1B "
    "parameters or more, instruction-tuned) answers better; choose one with Browse…":
        "同梱のモデルは小さく、速い代わりに言い回しがよく誤ります。より大きな GGUF モデル (10 億パラメーター"
        "以上で指示調整済みのもの) のほうが良い回答をします。「参照…」で選んでください。",
    "Answers": "回答",
    # The Models page (issue 15).
    "Download models…": "モデルをダウンロード…",
    "The bundled model is tiny; pick one that fits this computer. A download is the only time the app uses the network.":
        "同梱のモデルはとても小さなものです。このコンピューターに合うモデルを選んでください。ネットワークを使うのはダウンロードのときだけです。",
    "This computer: {0} RAM": "このコンピューター: メモリ {0}",
    ", {0} with {1} free": "、{0}(空き {1})",
    "Model": "モデル",
    "Size": "サイズ",
    "Fit": "適合",
    "Japanese": "日本語",
    "Licence": "ライセンス",
    "Status": "状態",
    "fits": "収まる",
    "tight": "ぎりぎり",
    "too big": "大きすぎる",
    "unknown": "不明",
    "yes": "はい",
    "no": "いいえ",
    "On this computer: {0}": "このコンピューター上: {0}",
    "none": "なし",
    "Download": "ダウンロード",
    "Cancel download": "ダウンロードを中止",
    "Use this model": "このモデルを使う",
    "installed": "インストール済み",
    "{0}: {1} on huggingface.co. Licence: {2}. Read the licence before you download.":
        "{0}: huggingface.co の {1}。ライセンス: {2}。ダウンロードする前にライセンスをお読みください。",
    "Downloading {0}…": "{0} をダウンロード中…",
    "downloading": "ダウンロード中",
    "{0} of {1}, {2}/s": "{0} / {1}、{2}/秒",
    ", about {0} s left": "、残り約 {0} 秒",
    "{0}, {1}/s": "{0}、{1}/秒",
    "{0} is downloaded and checked.": "{0} をダウンロードし、検証しました。",
    "The download failed: {0}": "ダウンロードに失敗しました: {0}",
    "paused": "一時停止",
    "Cancelled; Download again to continue where it stopped.": "中止しました。もう一度ダウンロードすると、止まったところから続きます。",
}

# Qt's own strings that its shipped Japanese catalog (qtbase_ja) lacks in this Qt version: the
# folder dialog's labels gained mnemonics ("&Look in:") and its file types moved to another
# context, so they showed in English. Our catalog carries them; Qt falls through to it.
QT_EXTRA = {
    "QFileDialog": {"&Look in:": "場所(&L):", "Files of &type:": "ファイルの種類(&T):"},
    "QAbstractFileIconProvider": {"Folder": "フォルダー", "%1 File": "%1 ファイル", "File": "ファイル",
                                  "Drive": "ドライブ", "Alias": "エイリアス", "Shortcut": "ショートカット"},
}


def add_qt_extra(root) -> None:
    for name, table in QT_EXTRA.items():
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = name
        for src, ja in table.items():
            msg = ET.SubElement(ctx, "message")
            ET.SubElement(msg, "source").text = src
            ET.SubElement(msg, "translation").text = ja


def main() -> int:
    sources = sorted(str(p) for p in (ROOT / "assistant" / "gui").glob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(TS),
                    "-target-language", "ja_JP"], check=True)
    tree = ET.parse(TS)
    missing = []
    for msg in tree.iter("message"):
        src = msg.findtext("source")
        tr = msg.find("translation")
        ja = JA.get(src)
        if ja is None:
            missing.append(src)
            continue
        tr.attrib.pop("type", None)
        if msg.get("numerus") == "yes":
            for f in list(tr):
                tr.remove(f)
            ET.SubElement(tr, "numerusform").text = ja
        else:
            tr.text = ja
    add_qt_extra(tree.getroot())
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(TS.with_suffix(".qm"))], check=True)
    for m in missing:
        print("untranslated:", repr(m))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
