<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ja_JP">
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../gui/chat_view.py" line="64" />
        <source>Ask a question about your documents.</source>
        <translation>文書について質問してください。</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="66" />
        <source>Ask about your documents — Enter sends, Shift+Enter adds a line</source>
        <translation>文書について質問 — Enter で送信、Shift+Enter で改行</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="70" />
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="72" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="73" />
        <source>Stop the answer (Esc)</source>
        <translation>回答を停止 (Esc)</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="120" />
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="120" />
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="120" />
        <source>Sources</source>
        <translation>出典</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="121" />
        <source>(stopped)</source>
        <translation>(停止しました)</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="121" />
        <source>page {0}</source>
        <translation>{0} ページ</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="129" />
        <source>### Ask your documents

Type a question below and press Enter. Every answer lists the passages it was built from; click a source or a citation such as [1] to open the document at that page.

Everything runs on this computer.</source>
        <translation>### 文書に質問する

下の欄に質問を入力して Enter を押してください。回答には根拠となった箇所が一覧表示されます。出典や [1] のような引用をクリックすると、そのページで文書が開きます。

すべての処理はこのコンピューター上で行われます。</translation>
    </message>
    <message>
        <location filename="../../gui/chat_view.py" line="200" />
        <source>Could not answer: {0}</source>
        <translation>回答できませんでした: {0}</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <location filename="../../gui/conversation_list.py" line="26" />
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="27" />
        <source>Start a new chat (Ctrl+N)</source>
        <translation>新しいチャットを開始 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="29" />
        <source>Rename</source>
        <translation>名前の変更</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="31" />
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="38" />
        <source>&lt;b&gt;Chats&lt;/b&gt;</source>
        <translation>&lt;b&gt;チャット&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="47" />
        <source>Untitled chat</source>
        <translation>無題のチャット</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="64" />
        <source>Chats</source>
        <translation>チャット</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="64" />
        <source>This chat could not be opened: {0}</source>
        <translation>このチャットを開けませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="71" />
        <source>Rename chat</source>
        <translation>チャットの名前を変更</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="71" />
        <source>Title:</source>
        <translation>タイトル:</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="84" />
        <source>Delete chat</source>
        <translation>チャットを削除</translation>
    </message>
    <message>
        <location filename="../../gui/conversation_list.py" line="85" />
        <source>Delete “{0}”? This cannot be undone.</source>
        <translation>「{0}」を削除しますか? 元に戻せません。</translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <location filename="../../gui/library_panel.py" line="41" />
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="41" />
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="41" />
        <source>Chunks</source>
        <translation>チャンク</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="51" />
        <source>&lt;h3&gt;Your library is empty&lt;/h3&gt;&lt;p&gt;Drop a folder or files here,&lt;br&gt;or click &lt;b&gt;Add folder…&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;PDF, Word, HTML, Markdown and text files are indexed on this computer; nothing leaves it.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ライブラリは空です&lt;/h3&gt;&lt;p&gt;ここにフォルダーやファイルをドロップするか、&lt;br&gt;&lt;b&gt;フォルダーを追加…&lt;/b&gt; をクリックしてください。&lt;/p&gt;&lt;p&gt;PDF・Word・HTML・Markdown・テキストファイルはこのコンピューター上で索引化され、外部には一切送信されません。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="64" />
        <source>Add folder…</source>
        <translation>フォルダーを追加…</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="66" />
        <source>Add files…</source>
        <translation>ファイルを追加…</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="68" />
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="69" />
        <source>Remove the selected folder from the library</source>
        <translation>選択したフォルダーをライブラリから削除</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="82" />
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="83" />
        <source>Stop indexing; it resumes where it stopped next time</source>
        <translation>索引作成を停止 (次回は続きから再開)</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="95" />
        <source>&lt;b&gt;Library&lt;/b&gt;</source>
        <translation>&lt;b&gt;ライブラリ&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="108" />
        <source>Add a folder to the library</source>
        <translation>ライブラリにフォルダーを追加</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="114" />
        <source>Add files to the library</source>
        <translation>ライブラリにファイルを追加</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="115" />
        <source>Documents (*.pdf *.docx *.html *.htm *.md *.markdown *.txt);;All files (*)</source>
        <translation>文書 (*.pdf *.docx *.html *.htm *.md *.markdown *.txt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="133" />
        <source>Remove from library</source>
        <translation>ライブラリから削除</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="134" />
        <source>Remove {0} from the library?

Its files stay on disk; only the index entries are deleted.</source>
        <translation>{0} をライブラリから削除しますか?

ファイルはディスクに残り、索引の項目だけが削除されます。</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="148" />
        <source>Scanning…</source>
        <translation>スキャン中…</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="154" />
        <source>indexed</source>
        <translation>索引済み</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="154" />
        <source>pending</source>
        <translation>待機中</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="154" />
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="155" />
        <source>skipped</source>
        <translation>スキップ</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/library_panel.py" line="236" />
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n 件のファイル</numerusform></translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="240" />
        <source>{0} files, {1} chunks</source>
        <translation>{0} ファイル、{1} チャンク</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="249" />
        <source>%v / %m files</source>
        <translation>%v / %m ファイル</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="251" />
        <source>{0} to index, {1} unchanged</source>
        <translation>索引対象 {0} 件、変更なし {1} 件</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="262" />
        <source>{0} chunks · {1:.1f} chunks/s · about {2} left</source>
        <translation>{0} チャンク · {1:.1f} チャンク/秒 · 残り約 {2}</translation>
    </message>
    <message>
        <location filename="../../gui/library_panel.py" line="266" />
        <source>Finished: {0} indexed, {1} failed in {2:.1f} s</source>
        <translation>完了: {0} 件索引化、{1} 件失敗 ({2:.1f} 秒)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="38" />
        <location filename="../../gui/main_window.py" line="326" />
        <source>Document Assistant</source>
        <translation>ドキュメント アシスタント</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="79" />
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="80" />
        <source>&amp;Add folder…</source>
        <translation>フォルダーを追加(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="83" />
        <source>Add &amp;files…</source>
        <translation>ファイルを追加(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="85" />
        <source>&amp;Update index</source>
        <translation>索引を更新(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="86" />
        <source>Index new and changed files in every library folder</source>
        <translation>すべてのライブラリフォルダーの新規・変更ファイルを索引化</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="88" />
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="91" />
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="100" />
        <source>&amp;Chat</source>
        <translation>チャット(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="101" />
        <source>&amp;New chat</source>
        <translation>新しいチャット(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="104" />
        <source>&amp;Stop answer</source>
        <translation>回答を停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="110" />
        <source>Model: not loaded</source>
        <translation>モデル: 未読み込み</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="111" />
        <source>Opening library…</source>
        <translation>ライブラリを開いています…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="177" />
        <source>Wait for indexing to finish before removing a folder.</source>
        <translation>フォルダーを削除する前に索引作成の完了を待ってください。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="197" />
        <source>Stopping indexing…</source>
        <translation>索引作成を停止しています…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="223" />
        <source>Library unavailable</source>
        <translation>ライブラリを利用できません</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="224" />
        <source>The library could not be opened: {0}</source>
        <translation>ライブラリを開けませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="234" />
        <source>Library: {0} files, {1} chunks</source>
        <translation>ライブラリ: {0} ファイル、{1} チャンク</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="241" />
        <source>Indexing stopped; it resumes next time.</source>
        <translation>索引作成を停止しました。次回続きから再開します。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="274" />
        <source>Loading model…</source>
        <translation>モデルを読み込み中…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="279" />
        <source>Model: {0} ({1})</source>
        <translation>モデル: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="285" />
        <source>Model: failed to load</source>
        <translation>モデル: 読み込み失敗</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="286" />
        <source>The model could not be loaded: {0}
Choose another model in Settings; the library still works.</source>
        <translation>モデルを読み込めませんでした: {0}
設定で別のモデルを選んでください。ライブラリは引き続き使えます。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../gui/settings_dialog.py" line="18" />
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="23" />
        <source>Bundled (Gemma 3 270M)</source>
        <translation>同梱 (Gemma 3 270M)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="30" />
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="45" />
        <source>Auto (all layers when supported)</source>
        <translation>自動 (対応時は全レイヤー)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="46" />
        <source>Off (CPU only)</source>
        <translation>オフ (CPU のみ)</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="47" />
        <source>Number of layers</source>
        <translation>レイヤー数を指定</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="65" />
        <source>GPU offload: supported</source>
        <translation>GPU オフロード: 対応</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="66" />
        <source>GPU offload: not available (this llama.cpp build or machine has no GPU support); the model runs on the CPU</source>
        <translation>GPU オフロード: 利用不可 (この llama.cpp ビルドまたはマシンは GPU 非対応)。モデルは CPU で動作します</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="68" />
        <source>GPU offload: checking…</source>
        <translation>GPU オフロード: 確認中…</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="73" />
        <source>Auto</source>
        <translation>自動</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="84" />
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="88" />
        <source>Model:</source>
        <translation>モデル:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="89" />
        <source>Context length (tokens):</source>
        <translation>コンテキスト長 (トークン):</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="90" />
        <source>GPU layers:</source>
        <translation>GPU レイヤー:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="92" />
        <source>CPU threads:</source>
        <translation>CPU スレッド数:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="93" />
        <source>Temperature:</source>
        <translation>温度:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="94" />
        <source>Number of sources:</source>
        <translation>出典の数:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="95" />
        <source>Language:</source>
        <translation>言語:</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="96" />
        <source>A language change takes effect the next time the app starts.</source>
        <translation>言語の変更は次回の起動時に反映されます。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="111" />
        <source>Choose a GGUF model</source>
        <translation>GGUF モデルを選択</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="112" />
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF モデル (*.gguf);;すべてのファイル (*)</translation>
    </message>
</context>
<context>
    <name>Viewer</name>
    <message>
        <location filename="../../gui/viewer.py" line="99" />
        <source>Source</source>
        <translation>出典</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="107" />
        <source>Open in default app</source>
        <translation>既定のアプリで開く</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="158" />
        <source>page {0}</source>
        <translation>{0} ページ</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="161" />
        <source>Source — {0}</source>
        <translation>出典 — {0}</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="163" />
        <source>Passage: {0}</source>
        <translation>該当箇所: {0}</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="170" />
        <source>The file is no longer at {0}.</source>
        <translation>ファイルは {0} にもうありません。</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="174" />
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="192" />
        <source>This PDF could not be shown ({0}).</source>
        <translation>この PDF を表示できませんでした ({0})。</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="262" />
        <source>This file could not be read: {0}</source>
        <translation>このファイルを読み込めませんでした: {0}</translation>
    </message>
</context>
</TS>