// Starts dynalite (a DynamoDB server speaking the real wire protocol, in
// memory) on 127.0.0.1 at a free port, prints "PORT <n>" and runs until
// its standard input closes, so the Go test that started it never leaves
// it behind.
const dynalite = require('dynalite')

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
server.listen(0, '127.0.0.1', () => {
  process.stdout.write('PORT ' + server.address().port + '\n')
})
process.stdin.on('end', () => process.exit(0))
process.stdin.on('close', () => process.exit(0))
process.stdin.resume()
