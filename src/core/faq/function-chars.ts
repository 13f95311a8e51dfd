/**
 * Characters that carry grammar, not a topic: particles, pronouns, copulas, modal verbs and
 * the like. One list for the two readers that need it, so they cannot drift apart:
 *   - buyer-intent.ts counts a clause's topic characters without them ("取消了" has two);
 *   - the matcher's evidence does not count a bigram of them as a shared topic word.
 * The matcher also leaves out the question words (QUESTION_CHARS): "什么时候" is shared by
 * every "when" question and says nothing of the topic. The intent reader keeps them as
 * content, because a clause with a question word is already a question there.
 */
const GRAMMAR = "的了吗呢啊吧呀么嘛哦哈啦哟喔噢嗯我你您他她它们这那个是在有没不也都就还要想能会可以一下点些给让把被对和与跟再又很太最";
const QUESTION = "什怎么多少几哪谁为啥样时候";

export const GRAMMAR_CHARS: ReadonlySet<string> = new Set(Array.from(GRAMMAR));
export const FUNCTION_CHARS: ReadonlySet<string> = new Set(Array.from(GRAMMAR + QUESTION));
