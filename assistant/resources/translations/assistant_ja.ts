<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../gui/chat_view.py" line="69"/>
        <source>Ask a question about your documents.</source>
        <translation>文書について質問してください。</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="71"/>
        <source>Ask about your documents — Enter sends, Shift+Enter adds a line</source>
        <translation>文書について質問 — Enter で送信、Shift+Enter で改行</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="75"/>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="77"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="78"/>
        <source>Stop the answer (Esc)</source>
        <translation>回答を停止 (Esc)</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="126"/>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="126"/>
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="126"/>
        <source>Sources</source>
        <translation>出典</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="127"/>
        <source>(stopped)</source>
        <translation>(停止しました)</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="127"/>
        <source>page {0}</source>
        <translation>{0} ページ</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="128"/>
        <source>Stopping…</source>
        <translation>停止しています…</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="129"/>
        <source>first text after {0:.2f} s · {1:.0f} tokens/s</source>
        <translation>最初の文字まで {0:.2f} 秒 · {1:.0f} トークン/秒</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="130"/>
        <source>From your documents</source>
        <translation>あなたの文書から</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="131"/>
        <source>Searched: {0}</source>
        <translation>検索した内容: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="132"/>
        <source>Dotted underline: not found in your documents; check it against the quotes.</source>
        <translation>点線の下線: あなたの文書には見つからない語です。引用と照らし合わせてください。</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="134"/>
        <source>This answer was written by a small model: its wording may be wrong. Trust the quotes from your documents; a larger model is in</source>
        <translation>この回答は小さなモデルが書いたもので、言い回しが誤っていることがあります。文書からの引用を信頼してください。より大きなモデルを選ぶには:</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="136"/>
        <source>The model could not answer: {0}. The quotes and sources above come straight from your documents; choose another model in</source>
        <translation>モデルが回答できませんでした: {0}。上の引用と出典はあなたの文書そのものです。別のモデルを選ぶには:</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="138"/>
        <source>Settings → Models</source>
        <translation>設定 → モデル</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="147"/>
        <source>### Ask your documents

Type a question below and press Enter. Every answer lists the passages it was built from; click a source or a citation such as [1] to open the document at that page.

Everything runs on this computer.</source>
        <translation>### 文書に質問する

下の欄に質問を入力して Enter を押してください。回答には根拠となった箇所が一覧表示されます。出典や [1] のような引用をクリックすると、そのページで文書が開きます。

すべての処理はこのコンピューター上で行われます。</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="164"/>
        <source>not found in your documents</source>
        <translation>あなたの文書には見つかりません</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="186"/>
        <source>Open the page with this sentence highlighted</source>
        <translation>この文を強調表示してページを開く</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="231"/>
        <source>Your library is empty, so there is nothing to answer from yet. Add a folder or files first (File ▸ Add folder…, or drop them on the window), then ask again.</source>
        <translation>ライブラリが空なので、まだ回答の材料がありません。先にフォルダーかファイルを追加してから (ファイル ▸ フォルダーを追加…、またはウィンドウにドロップ)、もう一度質問してください。</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="300"/>
        <source>Could not answer: {0}</source>
        <translation>回答できませんでした: {0}</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <location filename="../../gui/conversation_list.py" line="44"/>
        <source>Rename chat…</source>
        <translation>チャットの名前を変更…</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="47"/>
        <source>Delete chat…</source>
        <translation>チャットを削除…</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="54"/>
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="55"/>
        <source>Start a new chat (Ctrl+N)</source>
        <translation>新しいチャットを開始 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="57"/>
        <source>Rename</source>
        <translation>名前の変更</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="58"/>
        <source>Rename the selected chat (F2)</source>
        <translation>選択したチャットの名前を変更 (F2)</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="60"/>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="61"/>
        <source>Delete the selected chat (Delete)</source>
        <translation>選択したチャットを削除 (Delete)</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="68"/>
        <source>&lt;b&gt;Chats&lt;/b&gt;</source>
        <translation>&lt;b&gt;チャット&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="77"/>
        <source>Untitled chat</source>
        <translation>無題のチャット</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="107"/>
        <source>Chats</source>
        <translation>チャット</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="107"/>
        <source>This chat could not be opened: {0}</source>
        <translation>このチャットを開けませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="125"/>
        <source>Rename chat</source>
        <translation>チャットの名前を変更</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="126"/>
        <source>Title:</source>
        <translation>タイトル:</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="145"/>
        <source>Delete chat</source>
        <translation>チャットを削除</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="146"/>
        <source>Delete “{0}”? This cannot be undone.</source>
        <translation>「{0}」を削除しますか? 元に戻せません。</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <location filename="../../gui/help_menu.py" line="13"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="14"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>キーボード ショートカット(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="15"/>
        <source>Keyboard shortcuts</source>
        <translation>キーボード ショートカット</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="16"/>
        <source>Where my &amp;data is</source>
        <translation>データの保存場所(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="18"/>
        <source>&amp;About</source>
        <translation>このアプリについて(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="19"/>
        <source>About</source>
        <translation>このアプリについて</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="20"/>
        <source>&lt;h3&gt;Document Assistant&lt;/h3&gt;&lt;p&gt;Answers questions about your own documents with a language model that runs on this computer. Every answer cites the passages it used.&lt;/p&gt;&lt;p&gt;No account, no internet connection, no telemetry.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ドキュメント アシスタント&lt;/h3&gt;&lt;p&gt;あなた自身の文書についての質問に、このコンピューター上で動く言語モデルで答えます。回答にはすべて、使った箇所が引用されます。&lt;/p&gt;&lt;p&gt;アカウントもインターネット接続もテレメトリーも不要です。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="28"/>
        <source>Add a folder</source>
        <translation>フォルダーを追加</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="28"/>
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="29"/>
        <source>Send the question</source>
        <translation>質問を送信</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="29"/>
        <source>New line in the question</source>
        <translation>質問内で改行</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="30"/>
        <source>Stop the answer; close the source viewer</source>
        <translation>回答を停止 / 出典ビューアーを閉じる</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="31"/>
        <source>Close the source viewer</source>
        <translation>出典ビューアーを閉じる</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="31"/>
        <source>Rename the selected chat</source>
        <translation>選択したチャットの名前を変更</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="32"/>
        <source>Delete the selected chat, or remove the selected library file or folder</source>
        <translation>選択したチャットを削除 / ライブラリで選択したファイル・フォルダーを外す</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="33"/>
        <source>Quit</source>
        <translation>終了</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="40"/>
        <source>&lt;p&gt;This library keeps everything in one folder on this computer:&lt;/p&gt;&lt;p&gt;&lt;b&gt;{0}&lt;/b&gt;&lt;/p&gt;&lt;p&gt;settings.toml (settings), conversations/ (your chats), {1} (the index) and models/ (language models you add).&lt;/p&gt;&lt;p&gt;Nothing is sent anywhere.&lt;/p&gt;</source>
        <translation>&lt;p&gt;このライブラリのデータはすべて、このコンピューター上の次のフォルダーにあります:&lt;/p&gt;&lt;p&gt;&lt;b&gt;{0}&lt;/b&gt;&lt;/p&gt;&lt;p&gt;settings.toml (設定)、conversations/ (チャット)、{1} (索引)、models/ (追加した言語モデル)。&lt;/p&gt;&lt;p&gt;外部には何も送信されません。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="53"/>
        <source>Where my data is</source>
        <translation>データの保存場所</translation>
    </message>
    <message>
        <location filename="../../gui/help_menu.py" line="54"/>
        <source>Open folder</source>
        <translation>フォルダーを開く</translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <location filename="../../gui/library_panel.py" line="57"/>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="57"/>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="57"/>
        <source>Chunks</source>
        <translation>チャンク</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="75"/>
        <source>&lt;h3&gt;Your library is empty&lt;/h3&gt;&lt;p&gt;Drop a folder or files here,&lt;br&gt;or click &lt;b&gt;Add folder…&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;PDFs (scanned ones too), Word, OpenDocument, e-books, slides, spreadsheets, mail, HTML, Markdown, text and photos of pages are indexed on this computer; nothing leaves it.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ライブラリは空です&lt;/h3&gt;&lt;p&gt;ここにフォルダーやファイルをドロップするか、&lt;br&gt;&lt;b&gt;フォルダーを追加…&lt;/b&gt; をクリックしてください。&lt;/p&gt;&lt;p&gt;PDF（スキャンしたものも）・Word・OpenDocument・電子書籍・スライド・表計算・メール・HTML・Markdown・テキスト・ページの写真はこのコンピューター上で索引化され、外部には一切送信されません。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="86"/>
        <source>Opening library…</source>
        <translation>ライブラリを開いています…</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="94"/>
        <source>Add folder…</source>
        <translation>フォルダーを追加…</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="96"/>
        <source>Add files…</source>
        <translation>ファイルを追加…</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="205"/>
        <source>Select a folder or file to remove it from the library</source>
        <translation>ライブラリから外すフォルダーかファイルを選択してください</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="207"/>
        <source>Remove file…</source>
        <translation>ファイルを外す…</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="208"/>
        <source>Remove {0} from the library</source>
        <translation>{0} をライブラリから外す</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="210"/>
        <source>Remove folder…</source>
        <translation>フォルダーを外す…</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="211"/>
        <source>Remove {0} and its files from the library</source>
        <translation>{0} とその中のファイルをライブラリから外す</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="227"/>
        <source>Open</source>
        <translation>開く</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="400"/>
        <source>reading files… (keyword search works for what is read)</source>
        <translation>ファイルを読み込み中… (読み込んだ分はキーワード検索できます)</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="402"/>
        <location filename="../../gui/library_panel.py" line="414"/>
        <source>adding meaning search: {0}%</source>
        <translation>意味検索を追加中: {0}%</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="404"/>
        <location filename="../../gui/library_panel.py" line="415"/>
        <source>ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="411"/>
        <source>reading files…</source>
        <translation>ファイルを読み込み中…</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="418"/>
        <source>Reading files: keyword search already works for the files read; meaning search (by sense, across languages) is added after.</source>
        <translation>ファイルの読み込み中: 読み込んだファイルはすでにキーワード検索できます。意味検索 (言い換えや他言語でも見つかる検索) はその後に追加されます。</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="490"/>
        <source>Adding search vectors: {0} / {1} chunks</source>
        <translation>検索用ベクトルを追加中: {0} / {1} チャンク</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="495"/>
        <source>Adding search vectors: {0}</source>
        <translation>検索用ベクトルを追加中: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="496"/>
        <source>Reading {0}</source>
        <translation>読み込み中: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="506"/>
        <source>Ready: keyword and meaning search work for every file.</source>
        <translation>準備完了: すべてのファイルでキーワード検索と意味検索が使えます。</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="517"/>
        <source>Reading scanned files with OCR: file {0} of {1}, page {2} of {3} (the rest is searchable)</source>
        <translation>スキャンしたファイルを OCR で読み取り中: ファイル {0}/{1}、ページ {2}/{3}（ほかは検索できます）</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="521"/>
        <source>Reading files… (keyword search works for what is read)</source>
        <translation>ファイルを読み込み中… (読み込んだ分はキーワード検索できます)</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="523"/>
        <source>Adding meaning search: {0}%</source>
        <translation>意味検索を追加中: {0}%</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="524"/>
        <source>Finishing the search index…</source>
        <translation>検索索引を仕上げています…</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="552"/>
        <source>{0} / {1} files</source>
        <translation>{0} / {1} ファイル</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="554"/>
        <source>estimating the time left…</source>
        <translation>残り時間を見積もり中…</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="557"/>
        <source>about {0} left</source>
        <translation>残り約 {0}</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="558"/>
        <source>finishing…</source>
        <translation>まもなく完了…</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="559"/>
        <source>{0} · {1} chunks · {2}</source>
        <translation>{0} · {1} チャンク · {2}</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="122"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="123"/>
        <source>Stop indexing; it resumes where it stopped next time</source>
        <translation>索引作成を停止 (次回は続きから再開)</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="137"/>
        <source>&lt;b&gt;Library&lt;/b&gt;</source>
        <translation>&lt;b&gt;ライブラリ&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="170"/>
        <source>Add a folder to the library</source>
        <translation>ライブラリにフォルダーを追加</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="175"/>
        <source>Add files to the library</source>
        <translation>ライブラリにファイルを追加</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="157"/>
        <source>Documents (*.pdf *.docx *.html *.htm *.md *.markdown *.txt);;All files (*)</source>
        <translation>文書 (*.pdf *.docx *.html *.htm *.md *.markdown *.txt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="24"/>
        <source>{0} s</source>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="26"/>
        <source>{0} min {1:02d} s</source>
        <translation>{0} 分 {1:02d} 秒</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="27"/>
        <source>{0} h {1:02d} min</source>
        <translation>{0} 時間 {1:02d} 分</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="98"/>
        <location filename="../../gui/library_panel.py" line="204"/>
        <source>Remove…</source>
        <translation>外す…</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="192"/>
        <source>Remove the file {0} from the library?

It stays on disk; it is no longer searched or indexed (add it again to bring it back).</source>
        <translation>ファイル {0} をライブラリから外しますか?

ファイルはディスクに残ります。今後は検索も索引化もされません (もう一度追加すると戻ります)。</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="195"/>
        <source>Remove the folder {0} and all its files from the library?

The files stay on disk; only their index entries are deleted.</source>
        <translation>フォルダー {0} とその中のすべてのファイルをライブラリから外しますか?

ファイルはディスクに残り、索引の項目だけが削除されます。</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="197"/>
        <source>Remove from library</source>
        <translation>ライブラリから外す</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="240"/>
        <source>Scanning…</source>
        <translation>スキャン中…</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="256"/>
        <source>indexed</source>
        <translation>索引済み</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="256"/>
        <source>pending</source>
        <translation>待機中</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="256"/>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="257"/>
        <source>skipped</source>
        <translation>スキップ</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/library_panel.py" line="428"/>
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n 件のファイル</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="444"/>
        <source>{0} files, {1} chunks</source>
        <translation>{0} ファイル、{1} チャンク</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="454"/>
        <source>{0} to index, {1} unchanged</source>
        <translation>索引対象 {0} 件、変更なし {1} 件</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="512"/>
        <source>Finished: {0} indexed, {1} failed in {2:.1f} s</source>
        <translation>完了: {0} 件索引化、{1} 件失敗 ({2:.1f} 秒)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="43"/>
        <location filename="../../gui/main_window.py" line="480"/>
        <source>Document Assistant</source>
        <translation>ドキュメント アシスタント</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="103"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="104"/>
        <source>&amp;Add folder…</source>
        <translation>フォルダーを追加(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="107"/>
        <source>Add &amp;files…</source>
        <translation>ファイルを追加(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="109"/>
        <source>&amp;Update index</source>
        <translation>索引を更新(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="110"/>
        <source>Index new and changed files in every library folder</source>
        <translation>すべてのライブラリフォルダーの新規・変更ファイルを索引化</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="112"/>
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="115"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="124"/>
        <source>&amp;Chat</source>
        <translation>チャット(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="125"/>
        <source>&amp;New chat</source>
        <translation>新しいチャット(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="128"/>
        <source>&amp;Stop answer</source>
        <translation>回答を停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="138"/>
        <source>Model: not loaded</source>
        <translation>モデル: 未読み込み</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="139"/>
        <source>Opening library…</source>
        <translation>ライブラリを開いています…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="211"/>
        <source>Wait for indexing to finish before removing anything from the library.</source>
        <translation>ライブラリから外す前に、索引作成の完了を待ってください。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="231"/>
        <source>Stopping indexing…</source>
        <translation>索引作成を停止しています…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="278"/>
        <source>&lt;p&gt;Opening library…&lt;/p&gt;&lt;p&gt;The first start prepares the search model on this computer, which takes a little while.&lt;/p&gt;</source>
        <translation>&lt;p&gt;ライブラリを開いています…&lt;/p&gt;&lt;p&gt;初回の起動では、このコンピューター上で検索モデルを準備するため、少し時間がかかります。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="284"/>
        <source>Preparing the search model (the first start takes a little while)…</source>
        <translation>検索モデルを準備しています (初回の起動は少し時間がかかります)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="294"/>
        <source>Library unavailable</source>
        <translation>ライブラリを利用できません</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="295"/>
        <source>The library could not be opened: {0}</source>
        <translation>ライブラリを開けませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="306"/>
        <source>Library: {0} files, {1} chunks</source>
        <translation>ライブラリ: {0} ファイル、{1} チャンク</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="321"/>
        <source>Indexing stopped; it resumes next time.</source>
        <translation>索引作成を停止しました。次回続きから再開します。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="426"/>
        <source>Wait for indexing to finish before changing the embedder.</source>
        <translation>埋め込みモデルを変更する前に、索引の作成が終わるのを待ってください。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="449"/>
        <source>Re-embedding the library for {0}; search uses the previous embedder until it is done.</source>
        <translation>{0} 用にライブラリを埋め込み直しています。終わるまでは前の埋め込みモデルで検索します。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="467"/>
        <source>This library is shared: if its folders are in another place on this computer, say where in Settings → Library → Shared folders on this computer.</source>
        <translation>このライブラリは共有されています。このコンピューターではフォルダーの場所が異なる場合は、設定 → ライブラリ → このコンピューター上の共有フォルダー で場所を指定してください。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="257"/>
        <location filename="../../gui/main_window.py" line="290"/>
        <location filename="../../gui/main_window.py" line="354"/>
        <source>Loading model…</source>
        <translation>モデルを読み込み中…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="360"/>
        <source>Model: {0} ({1})</source>
        <translation>モデル: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="368"/>
        <location filename="../../gui/main_window.py" line="389"/>
        <source>Model: failed to load</source>
        <translation>モデル: 読み込み失敗</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="379"/>
        <source>The model {0} could not be loaded: {1}
The previous model is kept.</source>
        <translation>モデル {0} を読み込めませんでした: {1}
前のモデルをそのまま使います。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="382"/>
        <source>The model could not be loaded: {0}
Choose another model in Settings; the library still works.</source>
        <translation>モデルを読み込めませんでした: {0}
設定で別のモデルを選んでください。ライブラリは引き続き使えます。</translation>
    </message>
</context>
<context>
    <name>ModelOffer</name>
    <message>
        <location filename="../../gui/model_offer.py" line="20"/>
        <source>Choose a model…</source>
        <translation>モデルを選ぶ…</translation>
    </message>
    <message>
        <location filename="../../gui/model_offer.py" line="21"/>
        <source>Not now</source>
        <translation>あとで</translation>
    </message>
    <message>
        <location filename="../../gui/model_offer.py" line="35"/>
        <source>{0:.0f} GB RAM</source>
        <translation>メモリ {0:.0f} GB</translation>
    </message>
    <message>
        <location filename="../../gui/model_offer.py" line="40"/>
        <source>The bundled model is tiny and its answers are often wrong (the quotes from your documents are right either way). For this computer ({0}) we suggest {1} ({2:.1f} GB download).</source>
        <translation>同梱のモデルはとても小さく、回答がよく間違います（文書からの引用はどちらでも正確です）。このコンピューター（{0}）には {1}（ダウンロード {2:.1f} GB）をおすすめします。</translation>
    </message>
    <message>
        <location filename="../../gui/model_offer.py" line="45"/>
        <source>The bundled model is tiny and its answers are often wrong (the quotes from your documents are right either way). Settings → Models lists the models that fit this computer ({0}).</source>
        <translation>同梱のモデルはとても小さく、回答がよく間違います（文書からの引用はどちらでも正確です）。このコンピューター（{0}）に合うモデルは 設定 → モデル に一覧があります。</translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <location filename="../../gui/models_page.py" line="104"/>
        <source>Models</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="116"/>
        <source>The bundled model is tiny; pick one that fits this computer. A download is the only time the app uses the network.</source>
        <translation>同梱のモデルはとても小さなものです。このコンピューターに合うモデルを選んでください。ネットワークを使うのはダウンロードのときだけです。</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="120"/>
        <source>This computer: {0} RAM</source>
        <translation>このコンピューター: メモリ {0}</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="122"/>
        <source>, {0} with {1} free</source>
        <translation>、{0}(空き {1})</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="126"/>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="126"/>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="126"/>
        <source>Fit</source>
        <translation>適合</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="127"/>
        <source>Japanese</source>
        <translation>日本語</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="127"/>
        <source>Licence</source>
        <translation>ライセンス</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="127"/>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="133"/>
        <source>fits</source>
        <translation>収まる</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="133"/>
        <source>tight</source>
        <translation>ぎりぎり</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="133"/>
        <source>too big</source>
        <translation>大きすぎる</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="138"/>
        <location filename="../../gui/models_page.py" line="139"/>
        <location filename="../../gui/models_page.py" line="140"/>
        <location filename="../../gui/models_page.py" line="215"/>
        <source>unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="139"/>
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="139"/>
        <source>no</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="153"/>
        <source>On this computer: {0}</source>
        <translation>このコンピューター上: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="154"/>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="161"/>
        <source>Download</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="162"/>
        <source>Cancel download</source>
        <translation>ダウンロードを中止</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="163"/>
        <source>Use this model</source>
        <translation>このモデルを使う</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="198"/>
        <source>installed</source>
        <translation>インストール済み</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="214"/>
        <source>{0}: {1} on huggingface.co. Licence: {2}. Read the licence before you download.</source>
        <translation>{0}: huggingface.co の {1}。ライセンス: {2}。ダウンロードする前にライセンスをお読みください。</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="237"/>
        <source>Downloading {0}…</source>
        <translation>{0} をダウンロード中…</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="240"/>
        <source>downloading</source>
        <translation>ダウンロード中</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="253"/>
        <source>{0} of {1}, {2}/s</source>
        <translation>{0} / {1}、{2}/秒</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="255"/>
        <source>, about {0} s left</source>
        <translation>、残り約 {0} 秒</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="257"/>
        <source>{0}, {1}/s</source>
        <translation>{0}、{1}/秒</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="261"/>
        <source>{0}; trying again ({1} of {2})…</source>
        <translation>{0}。再試行しています（{1}/{2}）…</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="274"/>
        <source>{0} is downloaded and checked.</source>
        <translation>{0} をダウンロードし、検証しました。</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="281"/>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="282"/>
        <source>The download failed: {0}</source>
        <translation>ダウンロードに失敗しました: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="289"/>
        <source>paused</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <location filename="../../gui/models_page.py" line="290"/>
        <source>Cancelled; Download again to continue where it stopped.</source>
        <translation>中止しました。もう一度ダウンロードすると、止まったところから続きます。</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <translation type="vanished">フォルダー</translation>
    </message>
    <message>
        <source>%1 File</source>
        <translation type="vanished">%1 ファイル</translation>
    </message>
    <message>
        <source>File</source>
        <translation type="vanished">ファイル</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation type="vanished">ドライブ</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation type="vanished">エイリアス</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation type="vanished">ショートカット</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation type="vanished">場所(&amp;L):</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation type="vanished">ファイルの種類(&amp;T):</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../gui/settings_dialog.py" line="24"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="29"/>
        <source>Bundled (Gemma 3 270M)</source>
        <translation>同梱 (Gemma 3 270M)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="36"/>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="41"/>
        <source>Download models…</source>
        <translation>モデルをダウンロード…</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="55"/>
        <source>Auto (all layers when supported)</source>
        <translation>自動 (対応時は全レイヤー)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="56"/>
        <source>Off (CPU only)</source>
        <translation>オフ (CPU のみ)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="57"/>
        <source>Number of layers</source>
        <translation>レイヤー数を指定</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="75"/>
        <source>GPU offload: supported</source>
        <translation>GPU オフロード: 対応</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="76"/>
        <source>GPU offload: not available (this llama.cpp build or machine has no GPU support); the model runs on the CPU</source>
        <translation>GPU オフロード: 利用不可 (この llama.cpp ビルドまたはマシンは GPU 非対応)。モデルは CPU で動作します</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="78"/>
        <source>GPU offload: checking…</source>
        <translation>GPU オフロード: 確認中…</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="83"/>
        <source>Auto</source>
        <translation>自動</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="94"/>
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="98"/>
        <source>Models</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="100"/>
        <source>Model:</source>
        <translation>モデル:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="101"/>
        <source>The bundled model is small: it is quick, but its wording is often wrong. A larger GGUF model (1B parameters or more, instruction-tuned) answers better: Download models… lists the ones that fit this computer, and Browse… picks a file you already have.</source>
        <translation>同梱のモデルは小さく、速い代わりに言い回しがよく誤ります。より大きな GGUF モデル (10 億パラメーター以上で指示調整済みのもの) のほうが良い回答をします。「モデルをダウンロード…」でこのコンピューターに合うモデルの一覧を、「参照…」で手元のファイルを選べます。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="107"/>
        <source>Context length (tokens):</source>
        <translation>コンテキスト長 (トークン):</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="108"/>
        <source>GPU layers:</source>
        <translation>GPU レイヤー:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="110"/>
        <source>CPU threads:</source>
        <translation>CPU スレッド数:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="112"/>
        <source>Answers</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="114"/>
        <source>Temperature:</source>
        <translation>温度:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="115"/>
        <source>Number of sources:</source>
        <translation>出典の数:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="116"/>
        <source>Language:</source>
        <translation>言語:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="118"/>
        <source>Library</source>
        <translation>ライブラリ</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="120"/>
        <source>Read scanned PDFs and photos of pages with OCR (English, Japanese)</source>
        <translation>スキャンした PDF やページの写真を OCR で読み取る（英語・日本語）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="131"/>
        <source>Meaning search (embedder):</source>
        <translation>意味検索（埋め込みモデル）:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="133"/>
        <source>Folder…</source>
        <translation>フォルダー…</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="138"/>
        <source>Another embedder re-embeds the whole library; search keeps using the current one until that is done. Multilingual embedders also search Japanese by meaning.</source>
        <translation>別の埋め込みモデルにするとライブラリ全体を埋め込み直します。終わるまでは今のモデルで検索します。多言語の埋め込みモデルなら日本語も意味で検索できます。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="143"/>
        <source>Shared folders on this computer (one per line: folder on the computer that indexed =&gt; folder here):</source>
        <translation>このコンピューター上の共有フォルダー（1 行に 1 つ: 索引を作ったコンピューターのフォルダー =&gt; ここでのフォルダー）:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="149"/>
        <source>A language change takes effect the next time the app starts.</source>
        <translation>言語の変更は次回の起動時に反映されます。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="182"/>
        <source>empty: answer on this computer; e.g. http://gpu-box:8080/v1</source>
        <translation>空欄: このコンピューターで回答。例: http://gpu-box:8080/v1</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="184"/>
        <source>empty: the first model the server lists</source>
        <translation>空欄: サーバーが最初に示すモデル</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="187"/>
        <source>if the server needs one (kept in the system keyring)</source>
        <translation>サーバーが必要とする場合（システムのキーリングに保存）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="188"/>
        <source>Questions and the passages they cite are sent to this server and nowhere else; search and indexing stay on this computer.</source>
        <translation>質問と引用する文章はこのサーバーにだけ送られます。検索と索引の作成はこのコンピューターで行われます。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="191"/>
        <source>ASSISTANT_LLM_URL is set ({0}) and is used instead of this setting.</source>
        <translation>ASSISTANT_LLM_URL が設定されているため（{0}）、この設定の代わりにそれを使います。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="194"/>
        <source>Answer server URL:</source>
        <translation>回答サーバーの URL:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="195"/>
        <source>Server model:</source>
        <translation>サーバーのモデル:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="196"/>
        <source>API key:</source>
        <translation>API キー:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="223"/>
        <source>Choose a GGUF model</source>
        <translation>GGUF モデルを選択</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="224"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF モデル (*.gguf);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="253"/>
        <source>all-MiniLM-L6-v2 (bundled, English)</source>
        <translation>all-MiniLM-L6-v2（同梱、英語）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="257"/>
        <source>English + Japanese</source>
        <translation>英語 + 日本語</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="257"/>
        <source>English</source>
        <translation>英語</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="258"/>
        <source>{0} ({1}) — put its folder in {2}</source>
        <translation>{0}（{1}）— フォルダーを {2} に置いてください</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="269"/>
        <source>A sentence-transformers model folder</source>
        <translation>sentence-transformers のモデルフォルダー</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="305"/>
        <source>Tesseract OCR is not installed, so scanned files are skipped. To read them, {0}.</source>
        <translation>Tesseract OCR がインストールされていないため、スキャンしたファイルはスキップされます。読み取るには {0}。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="308"/>
        <source>OCR runs after the other files are searchable (Tesseract: {0}).</source>
        <translation>OCR はほかのファイルが検索できるようになってから実行されます（Tesseract: {0}）。</translation>
    </message>
</context>
<context>
    <name>Viewer</name>
    <message>
        <location filename="../../gui/viewer.py" line="78"/>
        <source>Source</source>
        <translation>出典</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="93"/>
        <source>Open in default app</source>
        <translation>既定のアプリで開く</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="173"/>
        <location filename="../../gui/viewer.py" line="283"/>
        <source>page {0}</source>
        <translation>{0} ページ</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="177"/>
        <source>Source — {0}</source>
        <translation>出典 — {0}</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="179"/>
        <source>Passage: {0}</source>
        <translation>該当箇所: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="179"/>
        <source>Quote: {0}</source>
        <translation>引用: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="188"/>
        <source>The file is no longer at {0}.</source>
        <translation>ファイルは {0} にもうありません。</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="195"/>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="200"/>
        <source>page {0} of {1}</source>
        <translation>{0} / {1} ページ</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="219"/>
        <source>This PDF could not be shown ({0}).</source>
        <translation>この PDF を表示できませんでした ({0})。</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="267"/>
        <source>This image cannot be shown here; use Open in default app.</source>
        <translation>この画像はここでは表示できません。「既定のアプリで開く」を使ってください。</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="334"/>
        <source>This file could not be read: {0}</source>
        <translation>このファイルを読み込めませんでした: {0}</translation>
    </message>
</context>
<context>
    <name>widget</name>
    <message>
        <source>Tesseract OCR is not installed, so scanned files are skipped. To read them, {0}.</source>
        <translation type="vanished">Tesseract OCR がインストールされていないため、スキャンしたファイルはスキップされます。読み取るには {0}。</translation>
    </message>
    <message>
        <source>OCR runs after the other files are searchable (Tesseract: {0}).</source>
        <translation type="vanished">OCR はほかのファイルが検索できるようになってから実行されます（Tesseract: {0}）。</translation>
    </message>
</context>
</TS>
