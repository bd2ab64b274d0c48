/** Puts a 10,000-message conversation assigned to agent@demo.test on the local demo server. */
const base = 'http://127.0.0.1:3000';
async function signIn(email: string) {
  const response = await fetch(`${base}/auth/signin`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: 'demo1234' }) });
  return (await response.json()) as { token: string; user: { _id: string } };
}
const owner = await signIn('owner@demo.test');
const agent = await signIn('agent@demo.test');
const projects = (await (await fetch(`${base}/projects/`, { headers: { Authorization: owner.token } })).json()) as Array<{ id_project: { _id: string } }>;
const project = projects[0]!.id_project._id;
const requestId = `support-group-big-${Date.now()}`;
const first = await fetch(`${base}/${project}/requests/${requestId}/messages`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Authorization: owner.token },
  body: JSON.stringify({ text: 'Long history starts here', sender: 'visitor-big', senderFullname: 'Long History Visitor', participants: [agent.user._id] }),
});
console.log('first', first.status);
const start = Date.now() - 10 * 86_400_000;
for (let batch = 0; batch < 20; batch++) {
  const items = Array.from({ length: 500 }, (_, i) => {
    const n = batch * 500 + i;
    const fromVisitor = n % 3 !== 0;
    return {
      sender: fromVisitor ? 'visitor-big' : agent.user._id,
      senderFullname: fromVisitor ? 'Long History Visitor' : 'Alice Martin',
      text: `Message ${n}: ${fromVisitor ? 'question about order' : 'answer with details'} ${'lorem ipsum '.repeat(n % 7)}`,
      attributes: { clienttimestamp: start + n * 80_000 },
    };
  });
  const response = await fetch(`${base}/${project}/requests/${requestId}/messages/multi`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: owner.token }, body: JSON.stringify(items) });
  if (!response.ok) console.log('batch', batch, response.status, await response.text());
}
await fetch(`${base}/${project}/requests/${requestId}/participants`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: owner.token }, body: JSON.stringify({ member: agent.user._id }) });
console.log(requestId);
