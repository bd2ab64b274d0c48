/**
 * Populating the local server's store directly (through the server's own domain code, before it starts), for
 * data sets whose creation is not what is measured: thousands of conversations in seconds instead of minutes
 * of REST calls. Same documents as the REST routes would write; nothing is published, as nobody is connected.
 */
import { addMember } from '../../server/domain/accounts.ts';
import { Conversations } from '../../server/domain/conversations.ts';
import { EventBus } from '../../server/events.ts';
import { newUuid } from '../../server/ids.ts';
import { seedDemo } from '../../server/seed.ts';
import { Store } from '../../server/store/store.ts';

/** Creates the demo seed (if missing) and `count` visitor conversations, routed as the server routes them. */
export async function seedConversations(
  serverDataDir: string,
  count: number,
  options: { visitors: number; firstText: (index: number) => string },
): Promise<string[]> {
  const store = new Store(serverDataDir);
  try {
    const seed = await seedDemo(store);
    const project = store.projects.get(seed.projectId);
    if (!project) throw new Error('the demo project was not seeded');
    const conversations = new Conversations(store, new EventBus());
    return store.tx(() => {
      const visitors = Array.from({ length: options.visitors }, (_, i) => {
        const uuid = newUuid();
        return { uuid, name: `Visitor ${i}`, member: addMember(store, project, { uuid }, 'guest', uuid) };
      });
      const requestIds: string[] = [];
      for (let i = 0; i < count; i++) {
        const visitor = visitors[i % visitors.length] as (typeof visitors)[number];
        const text = options.firstText(i);
        const requestId = `support-group-${project._id}-${newUuid().replaceAll('-', '')}`;
        conversations.openWithMessage(
          { project, requestId, requester: visitor.member, lead: { id: visitor.uuid, fullname: visitor.name }, createdBy: visitor.uuid, firstText: text },
          { sender: visitor.uuid, senderFullname: visitor.name, createdBy: visitor.uuid, text },
        );
        requestIds.push(requestId);
      }
      return requestIds;
    });
  } finally {
    store.close();
  }
}
