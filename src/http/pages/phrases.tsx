/**
 * 快捷短语 lists with an add / edit form, the same markup on both pages: the console's "我的快捷短语"
 * (an agent's own) and the dashboard's 店铺快捷短语 (the shop's). assets/phrase-manager.js runs it.
 */
export function PhraseManager(props: { id: string; empty: string }) {
  return (
    <div id={props.id} class="phrase-manager">
      <ul class="phrase-list" aria-label="快捷短语"></ul>
      <p class="empty phrase-empty">{props.empty}</p>
      <form class="phrase-form" autocomplete="off">
        <input name="title" type="text" maxlength={40} aria-label="短语名称" placeholder="名称，例如：发货时间" />
        <textarea name="content" rows={2} maxlength={2000} aria-label="短语内容" placeholder="短语内容"></textarea>
        <p class="error" role="alert"></p>
        <div class="phrase-actions">
          <button class="primary" type="submit">
            添加短语
          </button>
          <button class="phrase-cancel" type="button" hidden>
            取消编辑
          </button>
        </div>
      </form>
    </div>
  );
}
